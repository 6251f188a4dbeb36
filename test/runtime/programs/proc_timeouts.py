# Timeouts and kills: subprocess.run(timeout=...) kills the child and raises TimeoutExpired with what it printed so
# far, Popen.wait / communicate time out and can be retried, terminate / kill / send_signal end a child with the
# returncode of the signal, and asyncio waits time out around a child that keeps running.
import asyncio
import signal
import subprocess

SLOW = ['sh', '-c', 'echo started; exec sleep 30']


def sync_side():
    try:
        subprocess.run(SLOW, capture_output=True, timeout=0.5)
    except subprocess.TimeoutExpired as error:
        print('run timed out:', error.cmd, error.output, error.stderr)
    process = subprocess.Popen(['sleep', '30'])
    try:
        process.wait(timeout=0.2)
    except subprocess.TimeoutExpired as error:
        print('wait timed out:', error.cmd, process.poll())
    process.terminate()
    print('terminated:', process.wait(), process.returncode == -signal.SIGTERM)
    process = subprocess.Popen(SLOW, stdout=subprocess.PIPE)
    try:
        process.communicate(timeout=0.5)
    except subprocess.TimeoutExpired:
        print('communicate timed out')
    process.kill()
    out, _ = process.communicate()
    print('after kill:', out, process.returncode)
    process = subprocess.Popen(['sh', '-c', 'trap "echo got USR1; exit 5" USR1; echo ready; while :; do sleep 0.05; done'],
                               stdout=subprocess.PIPE, text=True)
    print(process.stdout.readline().strip())
    process.send_signal(signal.SIGUSR1)
    print('trapped:', process.stdout.read().strip(), process.wait())
    process.kill()
    print('kill after exit is fine:', process.returncode)
    with subprocess.Popen(['sleep', '30']) as process:
        process.kill()
    print('context manager waited:', process.returncode)


async def async_side():
    process = await asyncio.create_subprocess_exec('sleep', '30')
    try:
        await asyncio.wait_for(process.wait(), 0.3)
    except TimeoutError:
        print('asyncio wait timed out:', process.returncode)
    process.kill()
    print('asyncio killed:', await process.wait())
    process = await asyncio.create_subprocess_exec(*SLOW, stdout=asyncio.subprocess.PIPE)
    print('first line:', await process.stdout.readline())
    try:
        async with asyncio.timeout(0.3):
            await process.communicate()
    except TimeoutError:
        print('asyncio communicate timed out')
    process.terminate()
    print('asyncio terminated:', await process.wait())
    process = await asyncio.create_subprocess_exec('true')
    await process.wait()
    try:
        process.send_signal(signal.SIGTERM)
    except ProcessLookupError:
        print('signal after the end:', process.returncode)


sync_side()
asyncio.run(async_side())
