import asyncio

async def fail(n):
    await asyncio.sleep(0.001 * n)
    raise ValueError(n)

async def main():
    results = await asyncio.gather(fail(1), asyncio.sleep(0.01, "ok"), fail(2), return_exceptions=True)
    print([repr(r) for r in results])
    task = asyncio.create_task(fail(3))
    await asyncio.sleep(0.01)
    print(task.done(), repr(task.exception()))
    try:
        await asyncio.gather(fail(1), asyncio.sleep(0.05))
    except ValueError as e:
        print("gather raised", e)

asyncio.run(main())
