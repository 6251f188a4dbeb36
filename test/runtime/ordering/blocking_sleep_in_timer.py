# time.sleep() in a timer callback holds the loop: the deadlines it slept past are all due in the next
# iteration, and their callbacks read the clock after the sleep.
import asyncio
import time

log = []


def timer(loop, label, sleep=0):
    log.append(f'{loop.time()!r} {label}')
    if sleep:
        time.sleep(sleep)


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    for i in range(1, 21):
        loop.call_at(i / 10, timer, loop, f't{i}')
    loop.call_at(0.35, timer, loop, 'sleeps 0.5', 0.5)
    loop.call_at(1.25, timer, loop, 'sleeps 0.1', 0.1)
    loop.call_at(2.5, done.set_result, None)
    await done
    print('\n'.join(log))


asyncio.run(main())
