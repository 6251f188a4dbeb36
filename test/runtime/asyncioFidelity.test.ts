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
    const run = await runSource(
      `
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
`,
      { instrument: true },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '7\nin a thread\npartial\nexecutor must be ThreadPoolExecutor instance\n');
  });

  it('datetime.now(), date.today(), time.localtime(), gmtime(), ctime() and strftime() follow the virtual clock', async () => {
    const run = await runSource(
      `
import asyncio, datetime, time

def show(where):
    now = time.time()
    print(where, datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'), time.strftime('%H:%M:%S', time.gmtime()))
    print(' agree:', time.localtime() == time.localtime(now), time.ctime() == time.ctime(now),
          time.strftime('%c') == time.strftime('%c', time.localtime(now)), datetime.date.today() == datetime.date.fromtimestamp(now),
          datetime.datetime.now() == datetime.datetime.fromtimestamp(now))

def job():
    time.sleep(90)
    show('in a thread job after 90 s:')

async def main():
    show('start:')
    await asyncio.sleep(3 * 86400 + 3600)
    show('3 days 1 hour later:')
    await asyncio.to_thread(job)

asyncio.run(main())
`,
      { epoch: 1_000_000_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    const agree = ' agree: True True True True True\n';
    assert.equal(
      run.stdout,
      `start: 2001-09-09T01:46:40+00:00 01:46:40\n${agree}3 days 1 hour later: 2001-09-12T02:46:40+00:00 02:46:40\n${agree}` +
        `in a thread job after 90 s: 2001-09-12T02:48:10+00:00 02:48:10\n${agree}`,
    );
  });

  it("a collection walks the program's objects, not the runtime's, and still frees the program's cycles", async () => {
    const run = await runSource(`
import gc, weakref

class Node:
    pass

before = len(gc.get_objects())
a, b = Node(), Node()
a.other, b.other = b, a
freed = []
weakref.finalize(a, freed.append, 'cycle')
del a, b
print('collected:', gc.collect() >= 2, freed)
print('runtime objects left out:', gc.get_freeze_count() > 10000, before < 1000)
`);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "collected: True ['cycle']\nruntime objects left out: True True\n");
  });

  it("debug mode's stack walks look again at the program's files, not at the runtime's own", async () => {
    const run = await runSource(`
import asyncio, os, traceback

looked_at = []
real_stat = os.stat

def counting_stat(path, *args, **kwargs):
    looked_at.append(str(path))
    return real_stat(path, *args, **kwargs)

async def main():
    traceback.extract_stack()  # linecache now has the lines of every file on the stack
    os.stat = counting_stat
    loop = asyncio.get_running_loop()
    for _ in range(20):
        loop.call_soon(len, '')
    await asyncio.sleep(0)
    os.stat = real_stat
    program = sum(path.endswith('program.py') for path in looked_at)
    runtime = [path for path in looked_at if path.startswith('/lib/loopscope/')]
    print('program file checked again:', program >= 20, 'runtime files:', runtime)

asyncio.run(main(), debug=True)
`);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'program file checked again: True runtime files: []\n');
  });

  it("debug mode logs slow callbacks measured on the program's clock", async () => {
    const run = await runSource(`
import asyncio, logging, sys, time
logging.basicConfig(stream=sys.stdout, format='%(levelname)s %(message)s')

def slow(seconds):
    time.sleep(seconds)

async def main():
    loop = asyncio.get_running_loop()
    loop.slow_callback_duration = 0.25
    loop.call_soon(slow, 0.3)
    loop.call_soon(slow, 0.2)
    loop.call_later(5, slow, 1.5)
    await asyncio.sleep(3600)

asyncio.run(main(), debug=True)
`);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, run.stdout);
    assert.match(lines[0]!, /^WARNING Executing <Handle slow\(0\.3\) at .*program\.py:5 created at .*program\.py:11> took 0\.300 seconds$/);
    assert.match(
      lines[1]!,
      /^WARNING Executing <TimerHandle when=5\.0 slow\(1\.5\) at .*program\.py:5 created at .*program\.py:13> took 1\.500 seconds$/,
    );
  });

  it('a thread job that waits for the loop fails with a clear error instead of hanging; timed waits time out', async () => {
    const run = await runSource(`
import asyncio, concurrent.futures, queue, threading, time

async def answer():
    return 42

def job(loop):
    started = time.monotonic()
    print('Event.wait(2.5):', threading.Event().wait(2.5), time.monotonic() - started)
    try:
        queue.Queue().get(timeout=1)
    except queue.Empty:
        print('Queue.get(timeout=1): Empty', time.monotonic() - started)
    try:
        asyncio.run_coroutine_threadsafe(answer(), loop).result()
    except RuntimeError as error:
        print(type(error).__name__, 'no other threads' in str(error))
    return 'job done'

async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.to_thread(job, loop), loop.time())

asyncio.run(main())
`);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'Event.wait(2.5): False 2.5\nQueue.get(timeout=1): Empty 3.5\nNoOtherThreadError True\njob done 3.5\n');
  });

  it('a busy-wait on the virtual clock ends: past 1000 reads in a stretch that does not yield, each read moves time 1 ms', async () => {
    const run = await runSource(`
import asyncio, time

def wait_until(deadline):
    reads = 1
    while time.monotonic() < deadline:
        reads += 1
    return reads

async def main():
    loop = asyncio.get_running_loop()
    start = time.monotonic()
    print('loop:', wait_until(start + 2), loop.time() - start >= 2)
    print('job:', await asyncio.to_thread(wait_until, time.monotonic() + 0.5))
    first = time.perf_counter()
    print('few reads cost nothing:', all(time.perf_counter() == first for _ in range(500)))

asyncio.run(main())
`);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'loop: 3000 True\njob: 1500\nfew reads cost nothing: True\n');
  });
});
