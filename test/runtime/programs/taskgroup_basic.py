import asyncio

async def job(n):
    await asyncio.sleep(n / 100)
    print("job", n)
    return n * n

async def main():
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(job(n)) for n in (3, 1, 2)]
    print([t.result() for t in tasks])

asyncio.run(main())
