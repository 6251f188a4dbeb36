import asyncio

async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        task = asyncio.current_task()
        print("cancelling count", task.cancelling())
        task.uncancel()
        print("after uncancel", task.cancelling())
    await asyncio.sleep(0.01)
    return "survived"

async def main():
    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0.01)
    task.cancel()
    print(await task)

asyncio.run(main())
