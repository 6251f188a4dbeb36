# Debug-adapter test program: a main task, a ticker task, a child coroutine and a TaskGroup.
# Tests find lines by their "# @name" markers.
import asyncio


class Counter:
    def __init__(self):
        self.hits = 0
        self.names = ['a', 'b']


async def ticker(counter, n):
    for i in range(n):  # @ticker-first
        counter.hits += 1  # @ticker-body
        await asyncio.sleep(0.1)  # @ticker-sleep
    return counter.hits


async def child(x):
    y = x * 2  # @child-first
    await asyncio.sleep(0.05)  # @child-sleep
    return y  # @child-return


async def main():
    counter = Counter()
    data = {'k': [1, 2, 3], 'n': None}
    t = asyncio.create_task(ticker(counter, 3), name='ticker')  # @create-ticker
    value = 1  # @before-await
    await asyncio.sleep(0.25)  # @await-sleep
    value = await child(value)  # @await-child

    async with asyncio.TaskGroup() as tg:  # @taskgroup
        tg.create_task(child(5), name='grouped')  # @tg-create
    done = await t  # @await-ticker
    print('main done', value, done, data['n'])  # @print
    return value


asyncio.run(main())
