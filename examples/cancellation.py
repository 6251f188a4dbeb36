"""Cancellation: `task.cancel()` raises CancelledError inside the task at its current await;
cleanup runs, then the error propagates. `asyncio.shield` protects an inner awaitable."""
import asyncio


async def worker():
    try:
        print("worker: working")
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("worker: cleaning up")
        raise
    finally:
        print("worker: finally")


async def important_save():
    await asyncio.sleep(0.5)
    print("save: done")


async def main():
    task = asyncio.create_task(worker(), name="worker")
    await asyncio.sleep(0.1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main: worker cancelled:", task.cancelled())

    save = asyncio.create_task(important_save(), name="save")
    try:
        async with asyncio.timeout(0.1):
            await asyncio.shield(save)  # The timeout cancels the wait, not the save.
    except TimeoutError:
        print("main: stopped waiting")
    await save


if __name__ == "__main__":
    asyncio.run(main())
