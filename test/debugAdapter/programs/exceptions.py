# Exception scenarios, chosen by argv[1]: raised, uncaught, never, cancel.
import asyncio
import gc
import sys


def parse(text):
    return int(text)  # @parse


async def failing():
    raise RuntimeError('task failed')  # @failing


async def sleeper():
    try:
        await asyncio.sleep(10)  # @sleeper-await
    except asyncio.CancelledError:
        print('sleeper cancelled')
        raise


async def main(scenario):
    if scenario == 'raised':
        try:
            parse('x')  # @call-parse
        except ValueError:
            print('caught ValueError')
    elif scenario == 'uncaught':
        raise KeyError('missing')  # @uncaught
    elif scenario == 'never':
        task = asyncio.create_task(failing(), name='failing')
        await asyncio.sleep(0.1)
        del task
        gc.collect()
        await asyncio.sleep(0.1)
        print('after never retrieved')
    elif scenario == 'cancel':
        task = asyncio.create_task(sleeper(), name='sleeper')
        await asyncio.sleep(0.1)
        task.cancel()  # @cancel-call
        results = await asyncio.gather(task, return_exceptions=True)
        print('gathered', type(results[0]).__name__)


asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else 'raised'))
