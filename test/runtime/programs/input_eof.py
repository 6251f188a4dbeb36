import asyncio

async def main():
    try:
        line = input()
        print("read", line)
    except EOFError:
        print("EOFError")

asyncio.run(main())
