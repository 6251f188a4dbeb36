# Debug-adapter test program for the views: tasks awaiting tasks, a blocking call, a failure and a cancellation.
# Tests find lines by their "# @name" markers.
import asyncio
import time


async def leaf(seconds):
    await asyncio.sleep(seconds)  # @leaf-sleep
    return seconds


async def broken():
    await asyncio.sleep(0.1)
    raise ValueError('broken on purpose')  # @broken-raise


async def waiter(task):
    return await task  # @waiter-await


async def main():
    first = asyncio.create_task(leaf(0.5), name='first')  # @create-first
    asyncio.create_task(waiter(first), name='<img src=x onerror=alert(1)>')
    failing = asyncio.create_task(broken(), name='broken')
    sleeper = asyncio.create_task(leaf(10), name='sleeper')
    time.sleep(0.05)  # @blocking
    await asyncio.sleep(0.2)  # @main-sleep
    sleeper.cancel()
    await asyncio.gather(first, failing, return_exceptions=True)  # @gather
    print('main done')  # @done


asyncio.run(main())
