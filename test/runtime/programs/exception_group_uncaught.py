import asyncio

async def bad():
    await asyncio.sleep(0.001)
    raise OSError("disk full")

async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(bad())
        print("started")

asyncio.run(main())
