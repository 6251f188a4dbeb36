"""`async with` and `async for`: objects whose enter/exit and next-item steps are coroutines."""
import asyncio


class Connection:
    """An async context manager: `__aenter__` and `__aexit__` may await."""

    def __init__(self, host):
        self.host = host

    async def __aenter__(self):
        await asyncio.sleep(0.1)
        print(f"connected to {self.host}")
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        await asyncio.sleep(0.1)
        print(f"closed {self.host} ({'error' if exc_type else 'clean'})")
        return False  # Do not swallow exceptions.


class Ticker:
    """An async iterator: `__aiter__` returns it, `__anext__` is a coroutine that ends with StopAsyncIteration."""

    def __init__(self, count):
        self.remaining = count

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.remaining == 0:
            raise StopAsyncIteration
        await asyncio.sleep(0.25)
        self.remaining -= 1
        return self.remaining


async def main():
    async with Connection("db.example") as connection:
        async for tick in Ticker(3):
            print(f"{connection.host}: tick {tick}")


if __name__ == "__main__":
    asyncio.run(main())
