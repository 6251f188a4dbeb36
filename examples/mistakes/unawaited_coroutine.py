"""Calling a coroutine function without await does nothing but warn (LOOP302, LOOP303)."""
import asyncio


async def save(record):
    await asyncio.sleep(0)
    print("saved", record)
    return True


async def main():
    save("draft")  # Mistake: creates a coroutine object and drops it; nothing is saved.
    if save("final"):  # Mistake: a coroutine object is always true; save() never runs.
        print("this prints, but nothing was saved")

    await save("draft")  # Corrected.
    if await save("final"):  # Corrected.
        print("saved for real")


if __name__ == "__main__":
    asyncio.run(main())
