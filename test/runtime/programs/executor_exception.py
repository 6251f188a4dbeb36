import asyncio

def fails():
    raise RuntimeError("boom in thread")

async def main():
    try:
        await asyncio.to_thread(fails)
    except RuntimeError as e:
        print("caught", e)
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, sum, [1, 2, 3]))

asyncio.run(main())
