import asyncio

async def party(barrier, i):
    await asyncio.sleep(i / 100)
    print("arrived", i)
    position = await barrier.wait()
    print("passed", i)
    return position

async def main():
    barrier = asyncio.Barrier(3)
    positions = await asyncio.gather(*(party(barrier, i) for i in range(3)))
    print(sorted(positions))

asyncio.run(main())
