# Tasks sleeping to the same deadlines as plain timers, tasks created from timer callbacks, timeouts that
# fire and timeouts that are cancelled: the order of steps and callbacks, and the clock each one reads.
import asyncio

log = []


def note(label):
    log.append(f'{asyncio.get_running_loop().time()!r} {label}')


async def sleeper(name, delays):
    for delay in delays:
        note(f'{name} sleeps {delay}')
        await asyncio.sleep(delay)
    note(f'{name} done')


async def slow():
    await asyncio.sleep(5)


async def timeouts():
    try:
        await asyncio.wait_for(slow(), 1.5)
    except TimeoutError:
        note('wait_for timed out')
    await asyncio.wait_for(asyncio.sleep(0.5), 3)
    note('wait_for finished in time')
    try:
        async with asyncio.timeout(1):
            await asyncio.sleep(2)
    except TimeoutError:
        note('timeout() expired')


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(sleeper(f's{i}', [0.5, 0.25 * i, 1, 0])) for i in range(4)]
    for i in range(1, 12):
        loop.call_at(i / 2, note, f'timer {i / 2}')
    loop.call_at(1.25, lambda: tasks.append(asyncio.create_task(sleeper('from-timer', [0, 0.75]))))
    tasks.append(asyncio.create_task(timeouts()))
    await asyncio.gather(*tasks)
    await asyncio.sleep(3)
    note('main done')
    print('\n'.join(log))


asyncio.run(main())
