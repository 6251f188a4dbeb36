import asyncio

async def consumer(cond, items, name):
    async with cond:
        await cond.wait_for(lambda: items)
        print(name, "took", items.pop(0))

async def main():
    cond = asyncio.Condition()
    items = []
    tasks = [asyncio.create_task(consumer(cond, items, f"c{i}")) for i in range(3)]
    await asyncio.sleep(0.01)
    for value in ("x", "y", "z"):
        async with cond:
            items.append(value)
            cond.notify(1)
        await asyncio.sleep(0.001)
    await asyncio.gather(*tasks)

asyncio.run(main())
