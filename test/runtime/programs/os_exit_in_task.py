# os._exit inside a task ends the process at once with its status: no finally block, no atexit handler, no
# cancellation of the other tasks runs after it.
import asyncio
import atexit
import os

atexit.register(print, 'atexit handler (must not run)')


async def worker():
    try:
        print('worker: ending the process with status 3', flush=True)
        os._exit(3)
    finally:
        print('finally (must not run)')


async def sleeper():
    try:
        await asyncio.sleep(10)
    finally:
        print('sleeper cancelled (must not run)')


async def main():
    async with asyncio.TaskGroup() as group:
        group.create_task(sleeper())
        group.create_task(worker())


asyncio.run(main())
