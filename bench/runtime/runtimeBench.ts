// Runtime benchmark: the same asyncio programs under python3 and on the Loopscope runtime (instrumentation
// off and on), in one run, printing time ratios; plus start-up to the first user line and memory per task.
// Run: npm run build && node --import tsx bench/runtime/runtimeBench.ts [--repeat N] [--tier startup|throughput]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRuntime } from '../../runtime/src/index';

const WORKLOADS: Record<string, string> = {
  'many tasks (20,000 × 10 sleep(0))': `
async def worker():
    for _ in range(10):
        await asyncio.sleep(0)
async def main():
    await asyncio.gather(*(worker() for _ in range(20000)))
`,
  'deep await chains (2,000 tasks × depth 50 × 5 rounds)': `
async def level(n):
    if n == 0:
        await asyncio.sleep(0)
        return 0
    return 1 + await level(n - 1)
async def chain():
    for _ in range(5):
        await level(50)
async def main():
    await asyncio.gather(*(chain() for _ in range(2000)))
`,
  'timers (10,000 call_later)': `
async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    count = [0]
    def tick():
        count[0] += 1
        if count[0] == 10000:
            done.set_result(None)
    for i in range(10000):
        loop.call_later(i * 1e-6, tick)
    await done
`,
  'queue (100,000 items)': `
async def producer(q):
    for i in range(100000):
        await q.put(i)
    await q.put(None)
async def consumer(q):
    while (await q.get()) is not None:
        pass
async def main():
    q = asyncio.Queue(maxsize=100)
    await asyncio.gather(producer(q), consumer(q))
`,
};

const MEMORY_PROGRAM = `
import asyncio, tracemalloc
async def waiter(ev):
    await ev.wait()
async def main():
    ev = asyncio.Event()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [asyncio.create_task(waiter(ev)) for _ in range(10000)]
    await asyncio.sleep(0)
    after = tracemalloc.get_traced_memory()[0]
    print(round((after - before) / 10000))
    ev.set()
    await asyncio.gather(*tasks)
asyncio.run(main())
`;

const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1]) || 3;
/** --tier startup|throughput: the runtime's wasmTier option for the steady-state runs. */
const tier = process.argv.includes('--tier') && process.argv[process.argv.indexOf('--tier') + 1] === 'startup' ? 'startup' : 'throughput';
const directory = mkdtempSync(path.join(tmpdir(), 'loopscope-bench-'));

/** Both interpreters time the program with a wall clock (the runtime's time.perf_counter is virtual). */
const REAL_CLOCK = `
try:
    from _loopscope.clock import _orig
    clock = _orig['perf_counter']
except ImportError:
    from time import perf_counter as clock
`;

function program(name: string, body: string, timed: boolean): string {
  const file = path.join(directory, `${name.replace(/[^a-z]+/gi, '_')}.py`);
  void timed;
  const source = `import asyncio\n${REAL_CLOCK}\n${body}\nt = clock()\nasyncio.run(main())\nprint(clock() - t)\n`;
  writeFileSync(file, source);
  return file;
}

function python(file: string): string {
  const run = spawnSync('python3', [file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 ${file}: ${run.stderr}`);
  return run.stdout.trim();
}

/** Wall seconds of asyncio.run(main()) measured inside the program (steady state: no start-up). */
async function loopscope(file: string, instrument: boolean): Promise<{ seconds: number; events: number }> {
  const session = startRuntime({ program: file, stdio: 'pipe', instrument, maxWall: 600, wasmTier: tier });
  let events = 0;
  let output = '';
  session.onEvent(() => events++);
  session.onOutput(({ data }) => (output += Buffer.from(data).toString()));
  const result = await session.run();
  if (result.exitStatus !== 0) throw new Error(`loopscope run ${file}: ${output}`);
  return { seconds: Number(output.trim()), events };
}

async function startupToFirstLine(file: string): Promise<number> {
  const started = performance.now();
  const session = startRuntime({ program: file, stdio: 'pipe' });
  let first = 0;
  session.onOutput(() => {
    if (!first) first = performance.now() - started;
  });
  await session.run();
  return first / 1000;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (value: number, digits = 3): string => value.toFixed(digits);

async function main(): Promise<void> {
  console.log(`Loopscope runtime benchmark (median of ${repeat}; wasm tier: ${tier}; python3 ${spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim()})\n`);
  console.log(['workload', 'python3 s', 'loopscope s', 'ratio', 'instrumented s', 'ratio', 'events'].join(' | '));
  for (const [name, body] of Object.entries(WORKLOADS)) {
    const timed = program(name, body, true);
    const plain = timed;
    const py: number[] = [];
    const off: number[] = [];
    const on: number[] = [];
    let events = 0;
    for (let i = 0; i < repeat; i++) {
      py.push(Number(python(timed)));
      off.push((await loopscope(plain, false)).seconds);
      const instrumented = await loopscope(plain, true);
      on.push(instrumented.seconds);
      events = instrumented.events;
    }
    const base = median(py);
    console.log([name, fmt(base), fmt(median(off)), fmt(median(off) / base, 2), fmt(median(on)), fmt(median(on) / base, 2), String(events)].join(' | '));
  }

  const firstLine = path.join(directory, 'first_line.py');
  writeFileSync(firstLine, 'print("first line", flush=True)\nimport asyncio\n');
  const startups: number[] = [];
  for (let i = 0; i < repeat; i++) startups.push(await startupToFirstLine(firstLine));
  const pyStart = performance.now();
  spawnSync('python3', [firstLine]);
  console.log(`\nstart-up to first user line: ${fmt(median(startups))} s (worker spawn + Pyodide snapshot + install; python3 process: ${fmt((performance.now() - pyStart) / 1000)} s)`);

  const memory = path.join(directory, 'memory.py');
  writeFileSync(memory, MEMORY_PROGRAM);
  const session = startRuntime({ program: memory, stdio: 'pipe' });
  let perTask = '';
  session.onOutput(({ data }) => (perTask += Buffer.from(data).toString()));
  await session.run();
  console.log(`memory per live task (tracemalloc, 10,000 tasks awaiting an Event): loopscope ${perTask.trim()} B, python3 ${python(memory)} B`);
}

void main();
