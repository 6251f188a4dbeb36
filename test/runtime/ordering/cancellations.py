# Cancelling timers from timer callbacks: a whole deadline, one of several at a deadline, one later in the
# same deadline, one that already ran; and enough cancelled timers for the loop to compact its heap.
import asyncio

log = []


def timer(loop, label, action=None):
    log.append(f'{loop.time()!r} {label}')
    if action is not None:
        action()


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    handles = {}
    handles['t2'] = loop.call_at(2, timer, loop, 't2 (cancelled)')
    handles['t4a'] = loop.call_at(4, timer, loop, 't4a')
    handles['t4b'] = loop.call_at(4, timer, loop, 't4b (cancelled)')
    handles['t5b'] = None
    loop.call_at(1, timer, loop, 't1', lambda: handles['t2'].cancel())
    loop.call_at(3, timer, loop, 't3', lambda: handles['t4b'].cancel())
    loop.call_at(5, timer, loop, 't5a', lambda: handles['t5b'].cancel())
    handles['t5b'] = loop.call_at(5, timer, loop, 't5b (cancelled by t5a)')
    loop.call_at(6, timer, loop, 't6', lambda: handles['t4a'].cancel())
    many = [loop.call_at(7 + i / 100, timer, loop, f'many {i}') for i in range(300)]
    loop.call_at(6.5, timer, loop, 'cancel most', lambda: [h.cancel() for i, h in enumerate(many) if i % 10])
    loop.call_at(7.5, timer, loop, 'cancel the rest', lambda: [h.cancel() for i, h in enumerate(many) if i > 150])
    loop.call_at(12, done.set_result, None)
    await done
    print('\n'.join(log))


asyncio.run(main())
