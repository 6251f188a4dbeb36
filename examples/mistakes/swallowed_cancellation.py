"""Catching CancelledError without re-raising makes a task impossible to cancel (LOOP305)."""
import asyncio


async def worker_swallowing():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:  # Mistake: cancellation is swallowed, the task reports success.
        print("cleanup, then carry on as if nothing happened")


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("cleanup")
        raise  # Corrected: let the cancellation finish the task.


async def main():
    for make in (worker_swallowing, worker):
        task = asyncio.create_task(make())
        await asyncio.sleep(0)
        task.cancel()
        try:
            await task
            print(make.__name__, "finished normally")
        except asyncio.CancelledError:
            print(make.__name__, "was cancelled")


if __name__ == "__main__":
    asyncio.run(main())
