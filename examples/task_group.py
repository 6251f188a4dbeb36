"""TaskGroup (3.11+): structured concurrency. When one task fails, the group cancels the
others and raises an ExceptionGroup, which `except*` takes apart by exception type."""
import asyncio


async def fetch(name, seconds, fail=False):
    try:
        await asyncio.sleep(seconds)
        if fail:
            raise ValueError(f"{name} returned garbage")
        print(f"{name} finished")
        return name
    except asyncio.CancelledError:
        print(f"{name} was cancelled")
        raise


async def main():
    async with asyncio.TaskGroup() as group:
        first = group.create_task(fetch("first", 0.1), name="first")
        second = group.create_task(fetch("second", 0.2), name="second")
    print("results:", first.result(), second.result())

    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(fetch("slow", 1.0), name="slow")
            group.create_task(fetch("broken", 0.2, fail=True), name="broken")
    except* ValueError as errors:
        for error in errors.exceptions:
            print("caught:", error)


if __name__ == "__main__":
    asyncio.run(main())
