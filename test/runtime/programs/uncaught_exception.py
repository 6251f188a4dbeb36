import asyncio

async def inner():
    await asyncio.sleep(0.01)
    raise ValueError("something went wrong")

async def main():
    print("before")
    await inner()
    print("never")

asyncio.run(main())
