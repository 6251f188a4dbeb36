# Self-rescheduling callbacks with different periods (their deadlines meet and interleave), a burst of equal
# deadlines larger than one hand-over, and a long chain of distinct deadlines.
import asyncio
import hashlib

log = []


def tick(loop, name, period, until):
    log.append(f'{loop.time()!r} {name}')
    when = loop.time() + period
    if when < until:
        loop.call_at(when, tick, loop, name, period, until)


def burst(loop, i):
    log.append(f'{loop.time()!r} burst {i}')


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_at(0.3, tick, loop, 'a', 0.3, 30)
    loop.call_at(0.5, tick, loop, 'b', 0.5, 30)
    loop.call_at(0.7, tick, loop, 'c', 0.25, 30)
    for i in range(6000):
        loop.call_at(31, burst, loop, i)
    for i in range(5000):
        loop.call_at(32 + i / 1000, burst, loop, -i)
    loop.call_at(40, done.set_result, None)
    await done
    text = '\n'.join(log)
    print(len(log), hashlib.sha256(text.encode()).hexdigest())
    print('\n'.join(log[:200]))
    print('\n'.join(log[-40:]))


asyncio.run(main())
