# What timer callbacks schedule, against later deadlines: call_soon runs before the next timer, call_later(0)
# and call_at(now) run before it too, a timer placed between two deadlines runs between them, and a chain of
# call_soon runs one link per iteration. Deadlines are 0.1 s apart (python3 runs this in real time), never
# equal (CPython's heap does not keep equal deadlines in order; the runtime does).
import asyncio

log = []


def timer(loop, label, action=None):
    log.append(label)
    if action is not None:
        action()


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    at = lambda step: start + 0.1 * step  # noqa: E731
    done = loop.create_future()
    for step in range(1, 8):
        loop.call_at(at(step), timer, loop, f'tick {step}')
    loop.call_at(at(1.5), timer, loop, 'soon from 1.5', lambda: loop.call_soon(log.append, 'soon child'))
    loop.call_at(at(2.5), timer, loop, 'later0 from 2.5', lambda: loop.call_later(0, log.append, 'later0 child'))
    loop.call_at(at(3.5), timer, loop, 'at-now from 3.5', lambda: loop.call_at(loop.time(), log.append, 'at-now child'))
    loop.call_at(at(4.5), timer, loop, 'between from 4.5', lambda: loop.call_at(at(4.8), log.append, 'between child'))
    loop.call_at(
        at(5.5),
        timer,
        loop,
        'chain from 5.5',
        lambda: loop.call_soon(loop.call_soon, loop.call_soon, log.append, 'third link'),
    )
    loop.call_at(at(7.5), done.set_result, None)
    await done
    print('\n'.join(log))


asyncio.run(main())
