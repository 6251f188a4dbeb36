import asyncio

async def job(name, delay):
    await asyncio.sleep(delay)
    return name

async def main():
    coros = [job("c", 0.03), job("a", 0.01), job("b", 0.02)]
    for next_done in asyncio.as_completed(coros):
        print(await next_done)

asyncio.run(main())
