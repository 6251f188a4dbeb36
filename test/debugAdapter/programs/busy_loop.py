# A task that never awaits (pause must still stop it) next to one that sleeps.
import asyncio


async def sleeper():
    await asyncio.sleep(1000)


async def spin():
    n = 0
    print('spinning', flush=True)
    while True:
        n += 1  # @spin


async def main():
    asyncio.create_task(sleeper(), name='sleeper')
    await asyncio.create_task(spin(), name='spinner')


asyncio.run(main())
