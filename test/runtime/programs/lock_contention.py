import asyncio

counter = 0

async def increment(lock, name):
    global counter
    for _ in range(3):
        async with lock:
            value = counter
            await asyncio.sleep(0.001)
            counter = value + 1
            print(name, "->", counter)

async def main():
    lock = asyncio.Lock()
    await asyncio.gather(*(increment(lock, f"t{i}") for i in range(3)))
    print("final", counter, lock.locked())

asyncio.run(main())
