"""Timeouts (3.11+): `asyncio.timeout()` limits every await inside its block; on expiry the
block's work is cancelled and TimeoutError is raised where the block ends."""
import asyncio


async def slow_answer():
    await asyncio.sleep(10)
    return 42


async def main():
    try:
        async with asyncio.timeout(1.5):
            print("waiting for the answer...")
            print(await slow_answer())
    except TimeoutError:
        print("gave up after 1.5 s")

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    async with asyncio.timeout_at(deadline):  # An absolute deadline instead of a duration.
        print("answer:", await slow_answer())


if __name__ == "__main__":
    asyncio.run(main())
