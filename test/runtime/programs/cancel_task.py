import asyncio

async def sleeper():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("sleeper got CancelledError")
        await asyncio.sleep(0.01)
        print("sleeper cleaned up")
        raise

async def main():
    task = asyncio.create_task(sleeper())
    await asyncio.sleep(0.01)
    print(task.cancel("stop please"))
    try:
        await task
    except asyncio.CancelledError as e:
        print("main saw cancel", e.args)
    print(task.cancelled(), task.done())

asyncio.run(main())
