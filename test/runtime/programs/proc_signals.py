# Signals to the program itself: signal.signal handlers run as soon as os.kill / raise_signal return, SIG_IGN
# ignores, SIGKILL cannot be caught; loop.add_signal_handler runs its callback on the loop; SIGINT under
# asyncio.run cancels the main task and ends with KeyboardInterrupt; a signal nobody handles ends the process.
import asyncio
import os
import signal

seen = []
signal.signal(signal.SIGUSR1, lambda number, frame: seen.append(signal.Signals(number).name))
os.kill(os.getpid(), signal.SIGUSR1)
print('after os.kill:', seen)
signal.signal(signal.SIGUSR2, lambda number, frame: seen.append('raise_signal'))
signal.raise_signal(signal.SIGUSR2)
print('after raise_signal:', seen)
signal.signal(signal.SIGUSR1, signal.SIG_IGN)
os.kill(os.getpid(), signal.SIGUSR1)
print('ignored:', seen, signal.getsignal(signal.SIGUSR1))
try:
    signal.signal(signal.SIGKILL, print)
except OSError as error:
    print('SIGKILL:', type(error).__name__, error.errno, error)
print('defaults:', signal.getsignal(signal.SIGINT) is signal.default_int_handler, signal.getsignal(signal.SIGTERM),
      signal.getsignal(signal.SIGPIPE))


async def main():
    loop = asyncio.get_running_loop()
    got = asyncio.Event()
    loop.add_signal_handler(signal.SIGUSR2, lambda: (print('loop handler ran'), got.set()))
    os.kill(os.getpid(), signal.SIGUSR2)
    print('os.kill returned')
    await got.wait()
    print('removed:', loop.remove_signal_handler(signal.SIGUSR2), signal.getsignal(signal.SIGUSR2))
    try:
        loop.add_signal_handler(signal.SIGSTOP, print)
    except RuntimeError as error:
        print('SIGSTOP:', error)
    os.kill(os.getpid(), signal.SIGINT)
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print('main task cancelled by SIGINT')
        raise


try:
    asyncio.run(main())
except KeyboardInterrupt:
    print('KeyboardInterrupt out of asyncio.run')
print('SIGINT handler restored:', signal.getsignal(signal.SIGINT) is signal.default_int_handler, flush=True)
os.kill(os.getpid(), signal.SIGTERM)
print('never printed')
