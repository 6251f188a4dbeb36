"""Tasks: `asyncio.create_task` schedules a coroutine to run concurrently. Three one-second
downloads take one second together, not three."""
import asyncio


async def download(name, seconds):
    print(f"start {name}")
    await asyncio.sleep(seconds)
    print(f"done  {name}")
    return len(name)


async def main():
    loop = asyncio.get_running_loop()
    started = loop.time()
    tasks = [asyncio.create_task(download(name, 1), name=f"download-{name}") for name in ("alpha", "beta", "gamma")]
    sizes = [await task for task in tasks]
    print(f"sizes {sizes} in {loop.time() - started:.1f}s")


if __name__ == "__main__":
    asyncio.run(main())
