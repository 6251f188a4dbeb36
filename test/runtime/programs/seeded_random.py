import asyncio
import random

async def roll(rng, name):
    await asyncio.sleep(0.001)
    return name, rng.randint(1, 6)

async def main():
    rng = random.Random(1234)
    print(await asyncio.gather(*(roll(rng, n) for n in "abc")))
    random.seed(99)
    print([random.random() for _ in range(2)])

asyncio.run(main())
