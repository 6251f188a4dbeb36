"""A blocking call in a coroutine freezes every task: watch the ticker stall while `slow`
sleeps with time.sleep (run with `loopscope run --timeline` to see the blocked span)."""
import asyncio
import time


async def ticker():
    loop = asyncio.get_running_loop()
    started = loop.time()
    for _ in range(4):
        print(f"tick at {loop.time() - started:.1f}s")
        await asyncio.sleep(0.5)


async def slow():
    await asyncio.sleep(0.6)
    time.sleep(1)  # noqa: LOOP101 — the mistake this example demonstrates.


async def main():
    await asyncio.gather(ticker(), slow())


if __name__ == "__main__":
    asyncio.run(main())
