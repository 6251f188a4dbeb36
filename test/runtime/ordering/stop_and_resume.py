# loop.stop() from a timer callback (alone at its deadline, and with another timer at the same deadline),
# then run_forever again: the rest runs in order, at the right times.
import asyncio

log = []
loop = asyncio.new_event_loop()


def timer(label, action=None):
    log.append(f'{loop.time()!r} {label}')
    if action is not None:
        action()


for i in range(1, 11):
    loop.call_at(i, timer, f't{i}')
loop.call_at(2.5, timer, 'stop', loop.stop)
loop.call_at(5, timer, 'stop with t5 pending', loop.stop)
loop.call_at(5, timer, 'same deadline after the stop')
loop.call_at(10.5, timer, 'last', loop.stop)
for run in range(3):
    loop.run_forever()
    log.append(f'{loop.time()!r} run_forever returned ({run})')
loop.close()
print('\n'.join(log))
