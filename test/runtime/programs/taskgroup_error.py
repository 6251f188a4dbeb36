import asyncio

async def ok():
    try:
        await asyncio.sleep(1)
        print("ok finished")
    except asyncio.CancelledError:
        print("ok cancelled")
        raise

async def bad(n):
    await asyncio.sleep(0.01)
    raise ValueError(f"bad {n}")

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(ok())
            tg.create_task(bad(1))
            tg.create_task(bad(2))
    except* ValueError as group:
        print("caught", sorted(str(e) for e in group.exceptions))

asyncio.run(main())
