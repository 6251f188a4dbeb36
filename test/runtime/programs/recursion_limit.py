import asyncio
import sys

def recurse(n):
    return recurse(n + 1)

async def main():
    try:
        recurse(0)
    except RecursionError:
        print("RecursionError caught")
    sys.setrecursionlimit(500)
    try:
        recurse(0)
    except RecursionError:
        print("again with lower limit")

asyncio.run(main())
