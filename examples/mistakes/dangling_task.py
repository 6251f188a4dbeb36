"""A task nobody keeps a reference to can be garbage-collected mid-run (LOOP301)."""
import asyncio

background_tasks = set()


async def report(message, delay):
    # The two reports print from worker threads, one after the other.
    await asyncio.sleep(delay)
    await asyncio.to_thread(print, message)


async def main():
    asyncio.create_task(report("fire and forget", 0))  # Mistake: the loop keeps only a weak reference.

    task = asyncio.create_task(report("kept alive", 0.02))  # Corrected: keep it until it finishes.
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)

    await asyncio.sleep(0.05)


if __name__ == "__main__":
    asyncio.run(main())
