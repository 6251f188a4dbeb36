import asyncio

async def child(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    group = asyncio.gather(child("a"), child("b"))
    await asyncio.sleep(0.01)
    group.cancel()
    try:
        await group
    except asyncio.CancelledError:
        print("gather cancelled")

asyncio.run(main())
