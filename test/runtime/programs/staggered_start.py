import asyncio

async def worker(i, started):
    await asyncio.sleep(i * 0.01)
    started.append(i)
    await asyncio.sleep(0.05 - i * 0.01)
    return i

async def main():
    started = []
    finished = []
    tasks = [asyncio.create_task(worker(i, started)) for i in range(4)]
    for coro in asyncio.as_completed(tasks):
        finished.append(await coro)
    print("started", started)
    print("finished", sorted(finished))

asyncio.run(main())
