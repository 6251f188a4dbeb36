"""A program names its event loop class: asyncio.run(..., loop_factory=asyncio.EventLoop) as in CPython's
docs (3.12+; a Runner with the same factory before that), new_event_loop(), and the default policy, also
the one set_event_loop_policy(None) restores. Each must build a loop that runs the program."""
import asyncio
import sys
import warnings

LOOP_CLASS = getattr(asyncio, 'EventLoop', asyncio.SelectorEventLoop)


async def main(label):
    await asyncio.sleep(0.25)
    loop = asyncio.get_running_loop()
    print(label, 'ran on a selector loop:', isinstance(loop, asyncio.SelectorEventLoop), isinstance(loop, LOOP_CLASS))
    return len(label)


if sys.version_info >= (3, 12):
    print('result', asyncio.run(main('run with loop_factory'), loop_factory=LOOP_CLASS))
else:
    with asyncio.Runner(loop_factory=LOOP_CLASS) as runner:
        print('result', runner.run(main('run with loop_factory')))

with asyncio.Runner(loop_factory=asyncio.SelectorEventLoop) as runner:
    print('result', runner.run(main('Runner(loop_factory=SelectorEventLoop)')))

loop = asyncio.new_event_loop()
print('new_event_loop is a', LOOP_CLASS is type(loop) or isinstance(loop, LOOP_CLASS))
print('result', loop.run_until_complete(main('new_event_loop')))
loop.close()

with warnings.catch_warnings():
    warnings.simplefilter('ignore', DeprecationWarning)
    asyncio.set_event_loop_policy(None)
    policy = asyncio.get_event_loop_policy()
    print('restored policy is the default:', isinstance(policy, asyncio.DefaultEventLoopPolicy))
    loop = policy.new_event_loop()
    print('result', loop.run_until_complete(main('restored policy')))
    loop.close()
    loop = asyncio.DefaultEventLoopPolicy().new_event_loop()
    print('result', loop.run_until_complete(main('DefaultEventLoopPolicy')))
    loop.close()

print('result', asyncio.run(main('plain asyncio.run')))
