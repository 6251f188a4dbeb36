# Step back: timers, an executor job and stdin, all of which a re-run must repeat exactly.
import asyncio
import random
import time


def blocking_work(n):
    time.sleep(0.5)
    return sum(range(n)) + random.randint(0, 1000)  # @job


async def timed(label, delay):
    await asyncio.sleep(delay)
    return f'{label}@{asyncio.get_running_loop().time():g}'


async def main():
    name = input('name? ')  # @input
    print(f'hello {name}')
    job = await asyncio.to_thread(blocking_work, 100)  # @to-thread
    first, second = await asyncio.gather(timed('a', 0.2), timed('b', 0.1))
    stamp = random.random()  # @after-gather
    print('result', job, first, second)  # @result
    return stamp


asyncio.run(main())
