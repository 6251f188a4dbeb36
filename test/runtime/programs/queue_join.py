import asyncio

async def worker(name, q, results):
    while True:
        item = await q.get()
        await asyncio.sleep(item / 10)
        results.append((name, item))
        q.task_done()

async def main():
    q = asyncio.Queue()
    for item in [5, 1, 3, 2, 4, 6]:
        q.put_nowait(item)
    results = []
    workers = [asyncio.create_task(worker(f"w{i}", q, results)) for i in range(2)]
    await q.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    print(sorted(results))
    print(len(results), q.empty())

asyncio.run(main())
