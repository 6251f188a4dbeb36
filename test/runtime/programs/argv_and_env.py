import asyncio
import os
import sys

async def main():
    print(sys.argv[1:])
    print(os.path.basename(sys.argv[0]))
    print(os.path.basename(__file__))
    print(__name__)
    print("PATH" in os.environ)

asyncio.run(main())
