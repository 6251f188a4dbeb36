# Debug-adapter test program: the TaskGroup is main()'s last statement, so a step off the end of a child lands
# in main() only at the group's exit. Tests find lines by their "# @name" markers.
import asyncio


async def child(n):
    await asyncio.sleep(0.1 * n)
    return n * 2  # @child-return


async def main():
    async with asyncio.TaskGroup() as group:  # @group
        group.create_task(child(1), name='first')
        group.create_task(child(2), name='second')


asyncio.run(main())
print('program done')  # @after-run
