# A KeyboardInterrupt out of a timer callback leaves run_forever; the handles not yet run stay ready and run
# first when the loop runs again, before later deadlines.
import asyncio

log = []
loop = asyncio.new_event_loop()


class Stop(KeyboardInterrupt):
    pass


def timer(label, error=False):
    log.append(f'{loop.time()!r} {label}')
    if error:
        raise Stop(label)


for i in range(1, 13):
    loop.call_at(i, timer, f't{i}')
loop.call_at(3, timer, 'raises at 3', True)
loop.call_at(3, timer, 'after the raise at 3')
loop.call_at(7, timer, 'raises at 7', True)
loop.call_at(8, timer, 'raises at 8 (alone after t8)', True)
loop.call_at(12.5, loop.stop)
for attempt in range(5):
    try:
        loop.run_forever()
        log.append('run_forever returned')
        break
    except Stop as stop:
        log.append(f'{loop.time()!r} caught {stop}')
        loop.call_soon(timer, f'call_soon after catching {stop}')
loop.close()
print('\n'.join(log))
