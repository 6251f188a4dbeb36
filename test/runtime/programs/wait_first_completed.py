import asyncio

async def job(name, delay):
    await asyncio.sleep(delay)
    return name

async def main():
    tasks = {asyncio.create_task(job(n, d), name=n) for n, d in [("slow", 0.5), ("fast", 0.1), ("mid", 0.3)]}
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(sorted(t.result() for t in done), sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(pending, timeout=0.25)
    print(sorted(t.result() for t in done), sorted(t.get_name() for t in pending))
    for t in pending:
        t.cancel()
    await asyncio.wait(pending)
    print(all(t.cancelled() for t in pending))

asyncio.run(main())
