import asyncio

class Resource:
    def __init__(self, name):
        self.name = name
    async def __aenter__(self):
        await asyncio.sleep(0.01)
        print("enter", self.name)
        return self
    async def __aexit__(self, *exc):
        await asyncio.sleep(0.01)
        print("exit", self.name, exc[0].__name__ if exc[0] else None)
        return False

class Ticker:
    def __init__(self, n):
        self.i = 0
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        await asyncio.sleep(0)
        self.i += 1
        return self.i

async def main():
    async with Resource("db") as r, Resource("cache"):
        print("using", r.name)
    async for tick in Ticker(3):
        print("tick", tick)
    try:
        async with Resource("failing"):
            raise KeyError("x")
    except KeyError:
        print("KeyError propagated")

asyncio.run(main())
