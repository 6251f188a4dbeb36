# Timers cancelled by other timers, loop.stop() from a timer then run_forever again, and a KeyboardInterrupt
# out of a callback: the callbacks that were ready with it and had not run yet run first when the loop runs
# again, before later timers. Deadlines are 0.1 s apart (python3 runs this in real time).
import asyncio

log = []
loop = asyncio.new_event_loop()
start = loop.time()


def at(step):
    return start + 0.1 * step


def timer(label, action=None):
    log.append(label)
    if action is not None:
        action()


def interrupt():
    raise KeyboardInterrupt


def interrupt_soon():
    loop.call_soon(log.append, 'ready before the interrupt')
    loop.call_soon(interrupt)
    loop.call_soon(log.append, 'ready after the interrupt')


for step in range(1, 9):
    loop.call_at(at(step), timer, f'tick {step}')
later = loop.call_at(at(2.5), timer, 'cancelled')
loop.call_at(at(1.5), timer, 'cancels the timer at 2.5', later.cancel)
loop.call_at(at(3.5), timer, 'interrupts soon', interrupt_soon)
loop.call_at(at(5.5), timer, 'stops', loop.stop)
loop.call_at(at(8.5), loop.stop)
while True:
    try:
        loop.run_forever()
        log.append('run_forever returned')
    except KeyboardInterrupt:
        log.append('KeyboardInterrupt')
        continue
    if 'tick 8' in log:
        break
loop.close()
print('\n'.join(log))
