import asyncio

async def main():
    print("raising KeyboardInterrupt")
    raise KeyboardInterrupt

asyncio.run(main())
