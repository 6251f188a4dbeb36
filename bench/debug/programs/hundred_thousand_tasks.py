# 100,000 live tasks waiting on one Event, then a breakpoint line (issue 13: threads + loopscope/tasks within 1 s).
import asyncio


async def waiter(event, i):
    await event.wait()
    return i


async def main():
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(event, i)) for i in range(100_000)]
    await asyncio.sleep(0)
    ready = len(tasks)  # @ready
    event.set()
    await asyncio.gather(*tasks)
    print('done', ready)


asyncio.run(main())
