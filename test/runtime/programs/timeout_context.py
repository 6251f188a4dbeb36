import asyncio

async def slow():
    await asyncio.sleep(1)
    return "slow"

async def main():
    try:
        async with asyncio.timeout(0.05):
            await slow()
    except TimeoutError:
        print("timed out")
    async with asyncio.timeout(1) as cm:
        print(await asyncio.sleep(0.01, "fast"))
    print(cm.expired())
    try:
        async with asyncio.timeout(None) as cm2:
            cm2.reschedule(asyncio.get_running_loop().time() + 0.02)
            await asyncio.sleep(0.5)
    except TimeoutError:
        print("rescheduled timeout hit")

asyncio.run(main())
