import asyncio

async def slow(label):
    try:
        await asyncio.sleep(0.5)
        return label
    except asyncio.CancelledError:
        print("cancelled", label)
        raise

async def main():
    print(await asyncio.wait_for(slow("fast enough"), timeout=1))
    try:
        await asyncio.wait_for(slow("too slow"), timeout=0.02)
    except asyncio.TimeoutError:
        print("TimeoutError")

asyncio.run(main())
