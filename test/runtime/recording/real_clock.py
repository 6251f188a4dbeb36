# Under --clock real: what the program reads of the time differs in every run, except in a replay.
import asyncio
import datetime
import sys
import time


async def tick(name, delays):
    loop = asyncio.get_running_loop()
    seen = []
    for delay in delays:
        await asyncio.sleep(delay)
        seen.append(f'{name}@{loop.time():.6f}')
    return seen


async def main():
    started = time.monotonic()
    first, second = await asyncio.gather(tick('a', [0.01, 0.0, 0.02]), tick('b', [0.005, 0.015]))
    time.sleep(0.01)
    print(first, second)
    print('elapsed', time.monotonic() - started, time.perf_counter_ns(), time.time_ns())
    print('today', datetime.datetime.now().isoformat(), time.strftime('%H:%M:%S'))
    try:
        async with asyncio.timeout(0.03):
            await asyncio.sleep(10)
    except TimeoutError:
        print('timed out at', asyncio.get_running_loop().time())
    sys.exit(int(time.time() * 1000) % 5)


asyncio.run(main())
