"""Queues and locks: a producer fills an asyncio.Queue, two consumers drain it, and a Lock
keeps their shared tally consistent across awaits."""
import asyncio


async def produce(queue):
    for item in range(6):
        await queue.put(item)
        await asyncio.sleep(0.05)
    await queue.join()  # Wait until every item has been processed.


async def consume(name, queue, lock, tally):
    while True:
        item = await queue.get()
        async with lock:
            current = tally["sum"]
            await asyncio.sleep(0.01)  # Without the lock, another consumer could interleave here.
            tally["sum"] = current + item
        print(f"{name} took {item}")
        queue.task_done()


async def main():
    queue = asyncio.Queue(maxsize=2)
    lock = asyncio.Lock()
    tally = {"sum": 0}
    consumers = [asyncio.create_task(consume(f"consumer-{i}", queue, lock, tally), name=f"consumer-{i}") for i in (1, 2)]
    await produce(queue)
    for consumer in consumers:
        consumer.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    print("sum:", tally["sum"])


if __name__ == "__main__":
    asyncio.run(main())
