import asyncio

async def level(n):
    if n == 0:
        await asyncio.sleep(0)
        return 0
    return 1 + await level(n - 1)

async def main():
    print(await level(200))
    print(sum(await asyncio.gather(*(level(20) for _ in range(10)))))

asyncio.run(main())
