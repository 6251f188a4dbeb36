"""Correct asyncio code: nothing to report here."""
import asyncio


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(asyncio.sleep(0.01))
    await asyncio.to_thread(print, "done")
