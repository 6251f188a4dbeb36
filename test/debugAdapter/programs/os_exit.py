# Debug-adapter test program: a task ends the process with os._exit(3) (no finally, no atexit runs).
import asyncio
import os


async def worker():
    try:
        print('exiting', flush=True)
        os._exit(3)  # @exit
    finally:
        print('finally (must not run)')


async def main():
    await asyncio.create_task(worker())


asyncio.run(main())
