# Timer callbacks and what they schedule: call_soon runs in the next iteration (before any later deadline),
# call_later(0) / call_at(now) / call_at(past) are due at once, a timer at the next deadline goes after the
# ones already there (FIFO), one between two deadlines runs between them.
import asyncio

log = []


def note(loop, label):
    log.append(f'{loop.time()!r} {label}')


def timer(loop, label, action=None):
    note(loop, label)
    if action is not None:
        action()


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    for i in range(1, 31):
        loop.call_at(i / 1000, timer, loop, f'plain {i}')
    loop.call_at(0.0025, timer, loop, 'soon-from-timer', lambda: loop.call_soon(note, loop, 'soon child'))
    loop.call_at(0.0045, timer, loop, 'later0-from-timer', lambda: loop.call_later(0, timer, loop, 'later0 child'))
    loop.call_at(0.0065, timer, loop, 'at-now', lambda: loop.call_at(loop.time(), timer, loop, 'at-now child'))
    loop.call_at(0.0085, timer, loop, 'at-past', lambda: loop.call_at(loop.time() - 1, timer, loop, 'at-past child'))
    loop.call_at(0.0105, timer, loop, 'between', lambda: loop.call_at(0.0108, timer, loop, 'between child'))
    loop.call_at(0.0125, timer, loop, 'equal-next', lambda: loop.call_at(13 / 1000, timer, loop, 'equal-next child'))
    loop.call_at(0.0145, timer, loop, 'far', lambda: loop.call_at(0.0205, timer, loop, 'far child'))
    loop.call_at(0.0165, timer, loop, 'soon+timer', lambda: (loop.call_soon(note, loop, 'soon2'), loop.call_at(0.019, timer, loop, 'timer2')))
    loop.call_at(0.0185, timer, loop, 'chain', lambda: loop.call_soon(lambda: loop.call_soon(note, loop, 'soon-of-soon')))
    loop.call_at(0.0215, timer, loop, 'within-resolution', lambda: loop.call_at(0.022 + 4e-10, timer, loop, 'just after 0.022'))
    loop.call_at(0.0225, timer, loop, 'next-resolution', lambda: loop.call_at(0.023 + 2e-9, timer, loop, 'after 0.023 by 2ns'))
    loop.call_at(0.031, done.set_result, None)
    await done
    print('\n'.join(log))


asyncio.run(main())
