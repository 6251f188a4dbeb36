import asyncio

async def named():
    task = asyncio.current_task()
    print("running", task.get_name())
    await asyncio.sleep(0)

async def main():
    t = asyncio.create_task(named(), name="custom-name")
    await t
    t2 = asyncio.create_task(named())
    t2.set_name("renamed")
    await t2
    print(asyncio.current_task().get_name().startswith("Task-"))
    others = asyncio.all_tasks()
    print(len(others))

asyncio.run(main())
