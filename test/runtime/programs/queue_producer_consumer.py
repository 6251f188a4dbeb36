import asyncio

async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print("put", i)
        await asyncio.sleep(0.001)
    await q.put(None)

async def consumer(q, name):
    total = 0
    while True:
        item = await q.get()
        q.task_done()
        if item is None:
            break
        total += item
        print(name, "got", item)
    return total

async def main():
    q = asyncio.Queue(maxsize=2)
    _, total = await asyncio.gather(producer(q, 5), consumer(q, "c1"))
    print("total", total)

asyncio.run(main())
