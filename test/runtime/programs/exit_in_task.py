import asyncio
import sys

async def quitter():
    await asyncio.sleep(0.01)
    print("quitter exits", flush=True)
    raise SystemExit(7)

async def main():
    task = asyncio.create_task(quitter())
    await asyncio.sleep(1)
    print("not reached")

try:
    asyncio.run(main())
finally:
    print("finally runs")
