import asyncio
import time

def blocking(n):
    time.sleep(0.1 * n)
    return n * 10

async def main():
    start = time.monotonic()
    results = await asyncio.gather(*(asyncio.to_thread(blocking, n) for n in (3, 1, 2)))
    print(results)
    print("ran concurrently:", time.monotonic() - start < 0.5)

asyncio.run(main())
