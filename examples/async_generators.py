"""Async generators (`async def` + `yield`) and async comprehensions (`async for` and
`await` inside list, set and dict comprehensions)."""
import asyncio


async def countdown(start):
    while start > 0:
        yield start
        await asyncio.sleep(0.1)
        start -= 1


async def square(n):
    await asyncio.sleep(0.01)
    return n * n


async def main():
    print([n async for n in countdown(3)])
    print({n: await square(n) for n in range(4)})  # Each await runs after the previous one.
    evens = [n async for n in countdown(6) if n % 2 == 0]
    print(evens)


if __name__ == "__main__":
    asyncio.run(main())
