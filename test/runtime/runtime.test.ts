// Behaviour of the runtime through its library API: clocks, executor simulation, deadlock and limits,
// the event stream, task tree, call graphs, Pyodide's own loop not leaking, and bad input.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TaskRegistry, formatTaskTree, formatTimeline, type RuntimeEvent, type RuntimeOptions } from '../../runtime/src/index';
import { runSource, writeProgram } from './runProgram';

const ofType = <T extends RuntimeEvent['type']>(events: RuntimeEvent[], type: T): Extract<RuntimeEvent, { type: T }>[] =>
  events.filter((event): event is Extract<RuntimeEvent, { type: T }> => event.type === type);

describe('runtime', { concurrency: 2 }, () => {
  it("runs asyncio on its own loop, not Pyodide's browser loop", async () => {
    const run = await runSource(`
import asyncio, sys
print(asyncio.events._get_running_loop())
loop = asyncio.new_event_loop()
print(type(loop).__name__)
loop.close()
async def main():
    return type(asyncio.get_running_loop()).__name__
print(asyncio.run(main()))
with asyncio.Runner() as runner:
    print(type(runner.get_loop()).__name__)
print(asyncio.run.__module__)
`);
    assert.equal(run.stdout, 'None\nLoopscopeEventLoop\nLoopscopeEventLoop\nLoopscopeEventLoop\nasyncio.runners\n');
    assert.equal(run.status, 0);
  });

  it('virtual clock: sleeps take no wall time; loop.time, time.* and time.sleep follow it', async () => {
    const started = performance.now();
    const run = await runSource(
      `
import asyncio, time
async def main():
    loop = asyncio.get_running_loop()
    t0, w0 = loop.time(), time.time()
    await asyncio.sleep(3600)
    print(loop.time() - t0, round(time.time() - w0, 6), time.monotonic() - t0, time.perf_counter() - t0)
    time.sleep(2.5)
    print(loop.time() - t0, time.monotonic_ns() // 10**9)
asyncio.run(main())
`,
      { epoch: 1_000_000 },
    );
    assert.equal(run.stdout, '3600.0 3600.0 3600.0 3600.0\n3602.5 3602\n');
    assert.ok(performance.now() - started < 30_000);
  });

  it('real clock: sleeping takes wall time', async () => {
    const run = await runSource(
      `
import asyncio, time
async def main():
    t0 = time.monotonic()
    await asyncio.sleep(0.3)
    time.sleep(0.1)
    print(time.monotonic() - t0 >= 0.39)
asyncio.run(main())
`,
      { clock: 'real' },
    );
    assert.equal(run.stdout, 'True\n');
  });

  it('seed: --seed N seeds random', async () => {
    const source = 'import random\nprint(random.random())\n';
    const [a, b] = await Promise.all([runSource(source, { seed: 7 }), runSource(source, { seed: 7 })]);
    assert.equal(a.stdout, b.stdout);
  });

  it('executor simulation: 8 workers, jobs complete at start + slept time, a full pool queues', async () => {
    const run = await runSource(`
import asyncio, time
def job(i):
    t = time.monotonic()
    time.sleep(1 + i / 100)
    return i, round(t, 3), round(time.monotonic() - t, 3)
async def main():
    loop = asyncio.get_running_loop()
    async def one(i):
        r = await asyncio.to_thread(job, i)
        return r + (round(loop.time(), 3),)
    for row in await asyncio.gather(*(one(i) for i in range(10))):
        print(*row)
asyncio.run(main())
`);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' ').map(Number));
    // Jobs 0-7 start at once; 8 and 9 wait for the first workers to free up (jobs 0 and 1).
    for (let i = 0; i < 8; i++) assert.deepEqual(rows[i], [i, 0, 1 + i / 100, 1 + i / 100]);
    assert.deepEqual(rows[8], [8, 1, 1.08, 2.08]);
    assert.deepEqual(rows[9], [9, 1.01, 1.09, 2.1]);
  });

  it('reports a deadlock with every waiting task and what it awaits', async () => {
    const run = await runSource(`
import asyncio
async def consumer(q):
    await q.get()
async def waiter(ev):
    await ev.wait()
async def main():
    q, ev = asyncio.Queue(), asyncio.Event()
    a = asyncio.create_task(consumer(q), name="consumer")
    b = asyncio.create_task(waiter(ev), name="waiter")
    await asyncio.sleep(5)
    await asyncio.gather(a, b)
asyncio.run(main())
print("not reached")
`);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /deadlock at t=5s \(virtual\): no task can ever run again, and 3 tasks are waiting/);
    assert.match(run.stderr, /Task-1 main\(\) at program\.py:12: awaits gather\(consumer, waiter\)/);
    assert.match(run.stderr, /consumer consumer\(\) at program\.py:4: awaits Queue\.get\(\) on Queue\(maxsize=0, qsize=0\)/);
    assert.match(run.stderr, /waiter waiter\(\) at program\.py:6: awaits Event\.wait\(\) on Event\(unset\)/);
    assert.equal(run.result.halt?.reason, 'deadlock');
  });

  it('--max-time stops a program that never ends, in virtual seconds', async () => {
    const run = await runSource(
      `
import asyncio
async def main():
    while True:
        await asyncio.sleep(1)
asyncio.run(main())
`,
      { maxTime: 30 },
    );
    assert.equal(run.status, 124);
    assert.match(run.stderr, /stopped at t=30s \(virtual\): --max-time 30 reached/);
  });

  it('--max-wall interrupts a loop that never awaits and says where it was', async () => {
    const run = await runSource(
      `
import asyncio
async def spin():
    n = 0
    while True:
        n += 1
asyncio.run(spin())
`,
      { maxWall: 1.5 },
    );
    assert.equal(run.status, 124, run.stderr);
    // The limit counts from the program's start; on a busy machine it may still strike before the first step
    // of spin(), between iterations: either way the report names the task and where it was.
    assert.match(
      run.stderr,
      /--max-wall time limit was reached (while running spin at program\.py:[56] \(a loop that never awaits\?\)|between event-loop iterations); 1 unfinished task:\n {2}Task-1 spin\(\) at program\.py:[256]/,
    );
  });

  it('the default wall-clock limit guards runs that stay inside the program, not ones that wait on the world', async () => {
    const source = `
import asyncio
async def main():
    print('inside', flush=True)
    await asyncio.sleep(1)
    server = await asyncio.start_server(lambda r, w: w.close(), '127.0.0.1', 0)
    print('outside', flush=True)
    await asyncio.sleep(0.2)
    server.close()
asyncio.run(main())
`;
    const limits = async (options: Partial<RuntimeOptions>): Promise<Record<string, number | null>> => {
      const seen: Record<string, number | null> = {};
      const run = await runSource(source, options, (session) => {
        seen.start = session.wallLimitSeconds;
        session.onOutput(({ data }) => {
          for (const word of Buffer.from(data).toString().split(/\s+/).filter(Boolean)) seen[word] = session.wallLimitSeconds;
        });
      });
      assert.equal(run.status, 0, run.stderr);
      return seen;
    };
    assert.deepEqual(await limits({ maxWall: undefined }), { start: 60, inside: 60, outside: null });
    assert.deepEqual(await limits({ maxWall: undefined, clock: 'real' }), { start: null, inside: null, outside: null });
    assert.deepEqual(await limits({ maxWall: 30 }), { start: 30, inside: 30, outside: 30 });
  });

  it('event stream: tasks with parents and sites, steps, awaits, outcomes, blocking, executor jobs', async () => {
    const run = await runSource(
      `
import asyncio, time
async def child(n):
    await asyncio.sleep(n)
    if n == 2:
        raise ValueError("two")
async def main():
    a = asyncio.create_task(child(1), name="one")
    b = asyncio.create_task(child(2), name="two")
    c = asyncio.create_task(child(3), name="three")
    await a
    c.cancel()
    time.sleep(0.5)
    await asyncio.to_thread(time.sleep, 0.25)
    await asyncio.gather(b, c, return_exceptions=True)
asyncio.run(main())
`,
      { instrument: true },
    );
    assert.equal(run.status, 0, run.stderr);
    const created = ofType(run.events, 'taskCreated');
    assert.deepEqual(
      created.map((event) => [event.taskId, event.name, event.coroutine, event.parentId, event.site?.line]),
      [
        [1, 'Task-1', 'main', null, 16],
        [2, 'one', 'child', 1, 8],
        [3, 'two', 'child', 1, 9],
        [4, 'three', 'child', 1, 10],
      ],
    );
    const finished = Object.fromEntries(
      ofType(run.events, 'taskFinished').map((event) => [event.taskId, [event.state, event.time, event.error]]),
    );
    assert.deepEqual(finished, {
      1: ['done', 2, null],
      2: ['done', 1, null],
      3: ['failed', 2, 'ValueError: two'],
      4: ['cancelled', 1.5, null],
    });
    const firstWait = ofType(run.events, 'stepEnded').find((event) => event.taskId === 2)!;
    assert.deepEqual(firstWait.awaiting, { kind: 'sleep', until: 1 });
    assert.equal(firstWait.line?.line, 4);
    const mainWait = ofType(run.events, 'stepEnded').find((event) => event.taskId === 1)!;
    assert.deepEqual(mainWait.awaiting, { kind: 'task', taskId: 2 });
    const blocked = ofType(run.events, 'loopBlocked');
    assert.deepEqual(
      blocked.map((event) => [event.time, event.duration, event.taskId, event.site?.line]),
      [[1, 0.5, 1, 13]],
    );
    const jobs = [...ofType(run.events, 'executorJobStarted'), ...ofType(run.events, 'executorJobFinished')];
    assert.deepEqual(
      jobs.map((event) => [event.type, event.time, event.worker]),
      [
        ['executorJobStarted', 1.5, 0],
        ['executorJobFinished', 1.75, 0],
      ],
    );
    const steps = ofType(run.events, 'stepStarted').length;
    assert.equal(steps, ofType(run.events, 'stepEnded').length);

    const registry = new TaskRegistry();
    for (const event of run.events) registry.apply(event);
    const tree = formatTaskTree(registry, path.dirname(run.events[0]!.type === 'runStarted' ? run.events[0]!.program : ''));
    assert.match(tree, /└── \(T\) Task-1 main\(\)  done/);
    assert.match(tree, /    ├── \(T\) one child\(\)  done/);
    assert.match(tree, /    ├── \(T\) two child\(\)  failed: ValueError: two/);
    assert.match(tree, /    └── \(T\) three child\(\)  cancelled/);
    const timeline = formatTimeline(registry, { width: 20 });
    assert.match(timeline, /^one child\(\) +█─+█ +done$/m);
    assert.match(timeline, /loop blocked/);
    assert.match(timeline, /executor worker 0/);
  });

  it('no events but start/finish when nobody listens', async () => {
    const run = await runSource('import asyncio\nasync def main():\n    await asyncio.sleep(1)\nasyncio.run(main())\n');
    assert.deepEqual(
      run.events.map((event) => event.type),
      ['runStarted', 'runFinished'],
    );
  });

  it('call graph of a paused task equals what asyncio.format_call_graph prints in the same state', async () => {
    let graphText: string | undefined;
    let taskNames: string[] = [];
    const run = await runSource(
      `
import asyncio
async def leaf():
    await asyncio.sleep(2)
async def middle():
    await leaf()
async def main():
    t = asyncio.create_task(middle(), name="middle-task")
    await asyncio.sleep(1)
    print(asyncio.format_call_graph(t), end="")
    await t
asyncio.run(main())
`,
      { pauseAtTime: 1 },
      (session) => {
        session.onPaused(() => {
          void (async () => {
            const tasks = await session.tasks();
            taskNames = tasks.map((task) => `${task.name}:${task.awaiting}`);
            const middle = tasks.find((task) => task.name === 'middle-task')!;
            graphText = (await session.callGraph(middle.id))?.text;
            await session.resume();
          })();
        });
      },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(taskNames, ['Task-1:sleep until t=1', 'middle-task:sleep until t=2']);
    assert.ok(graphText && graphText.includes('middle-task'), graphText);
    assert.equal(graphText, run.stdout);
  });

  it('pause stops even a loop that never awaits; tasks can be inspected; terminate ends it', async () => {
    let seen: string[] = [];
    const run = await runSource(
      `
import asyncio
async def spin():
    print("spinning", flush=True)
    n = 0
    while True:
        n += 1
async def main():
    await asyncio.create_task(spin(), name="spinner")
asyncio.run(main())
`,
      {},
      (session) => {
        session.onOutput(() => {
          setTimeout(() => {
            void session.pause().then(async () => {
              seen = (await session.tasks()).map((task) => `${task.name}:${task.state}`);
              await session.terminate();
            });
          }, 300);
        });
      },
    );
    assert.deepEqual(seen, ['Task-1:pending', 'spinner:running']);
    assert.equal(run.status, 143);
  });

  it('unavailable modules and threads fail with a clear message', async () => {
    const run = await runSource(`
import threading
try:
    import absent_package_for_the_test
except ModuleNotFoundError as e:
    print(e)
try:
    threading.Thread(target=print).start()
except RuntimeError as e:
    print(e)
`);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0]!, /No module named 'absent_package_for_the_test' \((not in|Loopscope found no Python environment)/);
    assert.match(lines[1]!, /threads are not available in the Loopscope runtime/);
  });

  it('programs import their own modules and read files relative to cwd', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'loopscope-mod-'));
    writeFileSync(path.join(directory, 'helper.py'), 'VALUE = 41\n');
    writeFileSync(path.join(directory, 'data.txt'), 'from a file\n');
    writeFileSync(path.join(directory, 'main.py'), 'import helper\nprint(helper.VALUE + 1)\nprint(open("data.txt").read().strip())\n');
    const { runFile } = await import('./runProgram');
    const run = await runFile(path.join(directory, 'main.py'));
    assert.equal(run.stdout, '42\nfrom a file\n');
  });

  it('memory exhaustion ends with MemoryError and the host survives', async () => {
    const run = await runSource('x = []\nwhile True:\n    x.append(bytearray(10**7))\n', { maxMemoryMb: 300 });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /MemoryError|ran out of memory/);
  });

  it('recursion past the runtime stack, after sys.setrecursionlimit, ends with a message that says so', async () => {
    const run = await runSource(
      'import sys\nsys.setrecursionlimit(1_000_000)\ndef f(n):\n    return f(n + 1) + 1\ntry:\n    f(0)\nexcept RecursionError as e:\n    print("RecursionError")\nprint("after")\n',
    );
    // CPython reaches the RecursionError; freeing its million-frame traceback may then overflow the thread's stack.
    assert.match(run.stdout, /RecursionError/);
    if (run.status !== 0) {
      assert.match(run.stderr, /ran out of stack .*sys\.setrecursionlimit/);
      assert.doesNotMatch(run.stderr, /out of memory/);
    } else assert.match(run.stdout, /after/);
  });

  it('stdin: input() reads the given text, then EOFError', async () => {
    const run = await runSource('print(input())\ntry:\n    input()\nexcept EOFError:\n    print("EOF")\n', { stdin: 'hello\n' });
    assert.equal(run.stdout, 'hello\nEOF\n');
  });

  it('a syntax error is reported like CPython, status 1', async () => {
    const file = writeProgram('def f(:\n    pass\n');
    const { runFile } = await import('./runProgram');
    const run = await runFile(file);
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      new RegExp(
        `File "${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}", line 1\\n    def f\\(:\\n          \\^\\nSyntaxError: invalid syntax\\n$`,
      ),
    );
  });
});
