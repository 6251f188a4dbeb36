# Live tasks waiting on one Event (10,000, or as many as the first argument says), then a breakpoint line.
import asyncio
import sys


async def waiter(event, i):
    await event.wait()
    return i


async def main(count):
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(event, i)) for i in range(count)]
    await asyncio.sleep(0)
    ready = len(tasks)  # @ready
    event.set()
    await asyncio.gather(*tasks)
    print('done', ready)


asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
