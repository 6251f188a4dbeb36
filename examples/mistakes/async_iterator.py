"""An async iterator must end with StopAsyncIteration, not StopIteration (LOOP401)."""
import asyncio


class CountdownBroken:
    def __init__(self, start):
        self.current = start

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current <= 0:
            raise StopIteration  # Mistake: becomes RuntimeError; async iterators end with StopAsyncIteration.
        self.current -= 1
        return self.current + 1


class Countdown:
    def __init__(self, start):
        self.current = start

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current <= 0:
            raise StopAsyncIteration  # Corrected.
        await asyncio.sleep(0)
        self.current -= 1
        return self.current + 1


async def main():
    print([n async for n in Countdown(3)])
    try:
        print([n async for n in CountdownBroken(3)])
    except RuntimeError as error:
        print("broken iterator:", error)


if __name__ == "__main__":
    asyncio.run(main())
