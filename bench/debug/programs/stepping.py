# A task stepping through a loop with awaits while another task runs: `next` round trips.
import asyncio


async def background():
    n = 0
    while True:
        n += 1
        await asyncio.sleep(0.01)


async def main():
    asyncio.create_task(background())
    total = 0
    for i in range(200):
        total += i  # @loop
        await asyncio.sleep(0.05)
    print(total)


asyncio.run(main())
