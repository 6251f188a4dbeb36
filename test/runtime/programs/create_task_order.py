import asyncio

async def child(i):
    print("child", i, "step 1")
    await asyncio.sleep(0)
    print("child", i, "step 2")

async def main():
    tasks = [asyncio.create_task(child(i)) for i in range(3)]
    print("created")
    await asyncio.sleep(0)
    print("main after sleep(0)")
    await asyncio.gather(*tasks)
    print("done")

asyncio.run(main())
