"""`asyncio.to_thread` (3.9+) runs a blocking function in a worker thread so the event loop
keeps running other tasks meanwhile."""
import asyncio
import time


def resize_image(name):
    time.sleep(1)  # Blocking work: fine in a thread, never in a coroutine.
    return f"{name}-small"


async def heartbeat():
    for beat in range(3):
        print(f"heartbeat {beat}")
        await asyncio.sleep(0.4)


async def main():
    loop = asyncio.get_running_loop()
    started = loop.time()
    results = await asyncio.gather(
        asyncio.to_thread(resize_image, "cat"),
        asyncio.to_thread(resize_image, "dog"),
        heartbeat(),
    )
    print(results[:2], f"in {loop.time() - started:.1f}s")


if __name__ == "__main__":
    asyncio.run(main())
