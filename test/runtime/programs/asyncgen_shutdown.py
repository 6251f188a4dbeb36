import asyncio

async def ticker():
    try:
        i = 0
        while True:
            yield i
            i += 1
    finally:
        print("ticker finalized")

async def main():
    gen = ticker()
    async for value in gen:
        print("value", value)
        if value == 2:
            break
    print("main returns")
    # gen is left unfinished: asyncio.run's shutdown_asyncgens closes it

asyncio.run(main())
print("after run")
