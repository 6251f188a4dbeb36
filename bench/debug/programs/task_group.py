# Issue 13's start-up figure: a small TaskGroup program, stopped at a breakpoint in a child task.
import asyncio


async def fetch(name, seconds):
    await asyncio.sleep(seconds)
    return name  # @first-stop


async def main():
    async with asyncio.TaskGroup() as group:
        first = group.create_task(fetch('first', 0.1))
        second = group.create_task(fetch('second', 0.2))
    print(first.result(), second.result())


asyncio.run(main())
