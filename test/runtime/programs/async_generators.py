import asyncio

async def countdown(n):
    try:
        while n > 0:
            await asyncio.sleep(0.001)
            yield n
            n -= 1
    finally:
        print("countdown closed at", n)

async def main():
    print([x async for x in countdown(3)])
    print([x * 2 async for x in countdown(4) if x % 2 == 0])
    gen = countdown(5)
    print(await gen.__anext__())
    await gen.aclose()
    squares = {x: x * x async for x in countdown(2)}
    print(squares)

asyncio.run(main())
