"""time.sleep() inside a coroutine stops every task; asyncio.sleep() lets them run (LOOP101)."""
import asyncio
import time


async def heartbeat_blocking(name):
    for beat in range(3):
        print(f"{name}: beat {beat}")
        time.sleep(0.1)  # Mistake: the whole event loop sleeps, the other heartbeat waits.


async def heartbeat(name):
    for beat in range(3):
        print(f"{name}: beat {beat}")
        await asyncio.sleep(0.1)  # Corrected: only this task waits.


async def main():
    async with asyncio.TaskGroup() as group:
        group.create_task(heartbeat_blocking("blocking-a"))
        group.create_task(heartbeat_blocking("blocking-b"))
    async with asyncio.TaskGroup() as group:
        group.create_task(heartbeat("polite-a"))
        group.create_task(heartbeat("polite-b"))


if __name__ == "__main__":
    asyncio.run(main())
