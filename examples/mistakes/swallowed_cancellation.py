"""Catching CancelledError without re-raising makes a task impossible to cancel (LOOP305)."""
import asyncio


async def worker_swallowing():
    for step in range(2):
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:  # Mistake: cancellation is swallowed, the loop goes on.
            print("cleanup, then carry on as if nothing happened")


async def worker():
    for step in range(2):
        try:
            await asyncio.sleep(0.01)
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
