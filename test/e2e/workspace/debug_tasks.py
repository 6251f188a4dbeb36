"""Tasks to watch in the debugger: workers in a TaskGroup, one that waits for another, one that fails,
one that is cancelled, and a blocking call that holds the whole loop."""
import asyncio
import time


async def worker(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    return name


async def fragile() -> None:
    await asyncio.sleep(0.15)
    raise ValueError("fragile gave up")


async def watcher(task: asyncio.Task[str]) -> str:
    return await task


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        slow = group.create_task(worker("slow", 0.5), name="slow")
        group.create_task(worker("quick", 0.1), name="quick")
        group.create_task(watcher(slow), name="<img src=x onerror=alert(1)>")
        doomed = asyncio.create_task(fragile(), name="fragile")
        sleeper = asyncio.create_task(worker("sleeper", 10), name="sleeper")
        sleeper.cancel()
        time.sleep(0.05)  # noqa: LOOP101 (on purpose: the timeline shows the loop blocked)
        await asyncio.sleep(0.2)
        print("checkpoint")
    try:
        await doomed
    except ValueError as error:
        print("caught:", error)


if __name__ == "__main__":
    asyncio.run(main())
