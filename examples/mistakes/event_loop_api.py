"""Old event-loop management: get_event_loop() and run_until_complete() (LOOP201, LOOP203)."""
import asyncio


async def compute():
    loop = asyncio.get_event_loop()  # Mistake: inside a coroutine, use get_running_loop().
    return loop.time() >= 0


def main_old_style():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # Mistake: manual loop management...
    try:
        return loop.run_until_complete(compute())  # ...asyncio.run() does all of this.
    finally:
        loop.close()


async def compute_corrected():
    loop = asyncio.get_running_loop()  # Corrected.
    return loop.time() >= 0


def main():
    return asyncio.run(compute_corrected())  # Corrected: one call creates, runs and closes the loop.


if __name__ == "__main__":
    print(main_old_style(), main())
