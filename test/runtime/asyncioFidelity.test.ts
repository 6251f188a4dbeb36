// Behaviours CPython's own asyncio test suite checks and the runtime once got wrong (issue 11): reference
// lifetimes, executor jobs on odd callables, the clock that datetime and time's calendar functions read,
// debug mode's slow-callback log.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSource } from './runProgram';

describe('asyncio fidelity', { concurrency: 2 }, () => {
  const taskGroupFailure = `
import asyncio, gc, sys, weakref

class Done(Exception):
    pass

async def main():
    inner = asyncio.TaskGroup()
    async def child():
        async with inner:
            raise Done
    gc.disable()
    try:
        async with asyncio.TaskGroup() as outer:
            task = weakref.ref(outer.create_task(child()))
    except* Done as group:
        error = group.exceptions[0].exceptions[0]
    finally:
        gc.enable()
    print('task freed:', task() is None)
    print('error referred to by:', sorted(type(r).__name__ for r in gc.get_referrers(error)))

if sys.argv[1:] == ['eager']:
    async def eager_main():
        asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
        await main()
    asyncio.run(eager_main())
else:
    asyncio.run(main())
`;
  for (const instrument of [false, true]) {
    for (const mode of ['lazy', 'eager']) {
      it(`a finished task is freed once nothing refers to it (${mode} tasks, instrument: ${instrument})`, async () => {
        const run = await runSource(taskGroupFailure, { instrument, args: [mode] });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stdout, "task freed: True\nerror referred to by: ['coroutine']\n");
      });
    }
  }

  it('executor jobs run any callable, a Mock too; the default executor must be a ThreadPoolExecutor', async () => {
    const run = await runSource(`
import asyncio, functools
from unittest import mock

async def main():
    loop = asyncio.get_running_loop()
    job = mock.Mock(return_value=7)
    print(await loop.run_in_executor(None, job, 1))
    job.assert_called_once_with(1)
    print(await asyncio.to_thread(mock.Mock(return_value='in a thread')))
    print(await loop.run_in_executor(None, functools.partial(mock.Mock(return_value='partial'), 2)))
    try:
        loop.set_default_executor(mock.Mock())
    except TypeError as error:
        print(error)

asyncio.run(main())
`, { instrument: true });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '7\nin a thread\npartial\nexecutor must be ThreadPoolExecutor instance\n');
  });
});
