// Runtime benchmark: the same asyncio programs under python3 and on the Loopscope runtime (instrumentation
// off and on), in one run, printing time ratios; plus start-up to the first user line and memory per task.
//
// Two ways to run the runtime, both reported:
// - library: startRuntime() in this process, as the debug adapter and the tests use it. Sessions share the
//   compiled CPython (RuntimeOptions.keepCompiledCode), so after the first one V8's optimized code is warm.
// - cli: a fresh `node dist/cli.js run` process per run, as `loopscope run` users get it: every run compiles
//   and optimizes CPython's WebAssembly anew (the tier decides how; see --tiers).
// Times are asyncio.run(main()) measured inside the program with a wall clock on both sides (steady state:
// no start-up); ratios are runtime / python3 medians from the same run.
//
// Run: npm run build && node --import tsx bench/runtime/runtimeBench.ts [--repeat N] [--tier T]
//        [--modes library,cli|none] [--tiers startup,balanced,throughput] [--no-memory]
//   --tier T: the wasm tier for the ratio tables (default: the runtime's default, 'balanced').
//   --tiers: also compare tiers for the CLI: start-up to first line, run times and whole-process times.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { environmentVariables, startRuntime, type WasmTier } from '../../runtime/src/index';

/** Library runs start where this process runs, with its environment (as they did when the runtime read them). */
const HERE = { cwd: process.cwd(), env: environmentVariables(process.env), cacheEnv: process.env };

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

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const repeat = Number(option('--repeat')) || 3;
const tier = option('--tier') as WasmTier | undefined;
const modes = (option('--modes') ?? 'library,cli').split(',').filter((mode) => mode === 'library' || mode === 'cli');
const tiers = option('--tiers')?.split(',') as WasmTier[] | undefined;
const directory = mkdtempSync(path.join(tmpdir(), 'loopscope-bench-'));
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** Both interpreters time the program with a wall clock (the runtime's time.perf_counter is virtual). */
const REAL_CLOCK = `
try:
    from _loopscope.clock import _orig
    clock = _orig['perf_counter']
except ImportError:
    from time import perf_counter as clock
`;

function program(name: string, body: string): string {
  const file = path.join(directory, `${name.replace(/[^a-z]+/gi, '_')}.py`);
  writeFileSync(file, `import asyncio\n${REAL_CLOCK}\n${body}\nt = clock()\nasyncio.run(main())\nprint(clock() - t)\n`);
  return file;
}

function python(file: string): string {
  const run = spawnSync('python3', [file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 ${file}: ${run.stderr}`);
  return run.stdout.trim();
}

interface Measured {
  /** asyncio.run(main()) seconds, from the program. */
  seconds: number;
  events: number;
}

async function library(file: string, instrument: boolean): Promise<Measured> {
  const session = startRuntime({ program: file, ...HERE, stdio: 'pipe', instrument, maxWall: 600, ...(tier ? { wasmTier: tier } : {}) });
  let events = 0;
  let output = '';
  session.onEvent(() => events++);
  session.onOutput(({ data }) => (output += Buffer.from(data).toString()));
  const result = await session.run();
  if (result.exitStatus !== 0) throw new Error(`loopscope ${file}: ${output}`);
  return { seconds: Number(output.trim()), events };
}

interface Process {
  /** Last line of stdout as a number (the program's own timing), seconds. */
  seconds: number;
  firstOutput: number;
  total: number;
}

/** A fresh `loopscope run` process; `--tree` turns instrumentation on (events go to a task registry). */
function cli(file: string, instrument: boolean, wasmTier = tier): Promise<Process> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstOutput = 0;
    let output = '';
    const args = [CLI, 'run', file, ...(instrument ? ['--tree'] : [])];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, ...(wasmTier ? { LOOPSCOPE_WASM_TIER: wasmTier } : {}) },
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (!firstOutput) firstOutput = performance.now() - started;
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) reject(new Error(`loopscope run ${file}: status ${status}`));
      else
        resolve({
          seconds: Number(output.trim().split('\n').pop()),
          firstOutput: firstOutput / 1000,
          total: (performance.now() - started) / 1000,
        });
    });
  });
}

async function startupToFirstLine(file: string): Promise<number> {
  const started = performance.now();
  const session = startRuntime({ program: file, ...HERE, stdio: 'pipe', ...(tier ? { wasmTier: tier } : {}) });
  let first = 0;
  session.onOutput(() => {
    if (!first) first = performance.now() - started;
  });
  await session.run();
  return first / 1000;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (value: number, digits = 3): string => value.toFixed(digits);
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function ratios(mode: string): Promise<void> {
  console.log(
    `\n## ${mode}: ${mode === 'library' ? 'startRuntime() in this process (compiled code shared between sessions)' : 'a fresh `node dist/cli.js run` per run (`--tree` for instrumented)'}\n`,
  );
  console.log(
    ['workload', 'python3 s', 'loopscope s', 'ratio', 'instrumented s', 'ratio', mode === 'library' ? 'events' : 'process s (off)'].join(
      ' | ',
    ),
  );
  for (const [name, body] of Object.entries(WORKLOADS)) {
    const file = program(name, body);
    const py: number[] = [];
    const off: number[] = [];
    const on: number[] = [];
    const extra: number[] = [];
    for (let i = 0; i < repeat; i++) {
      py.push(Number(python(file)));
      if (mode === 'library') {
        off.push((await library(file, false)).seconds);
        const instrumented = await library(file, true);
        on.push(instrumented.seconds);
        extra.push(instrumented.events);
      } else {
        const plain = await cli(file, false);
        off.push(plain.seconds);
        extra.push(plain.total);
        on.push((await cli(file, true)).seconds);
      }
    }
    const base = median(py);
    const last = mode === 'library' ? String(extra[extra.length - 1]) : fmt(median(extra), 2);
    console.log(
      [name, fmt(base), fmt(median(off)), fmt(median(off) / base, 2), fmt(median(on)), fmt(median(on) / base, 2), last].join(' | '),
    );
  }
}

async function compareTiers(firstLine: string): Promise<void> {
  console.log(`\n## CLI by wasm tier (fresh process per run; run s = asyncio.run inside the program, process s = spawn to exit)\n`);
  const names = Object.keys(WORKLOADS).map((name) => name.split(' (')[0]);
  console.log(['tier', 'first line s', ...names.map((name) => `${name}: run s / process s`)].join(' | '));
  const files = Object.entries(WORKLOADS).map(([name, body]) => program(name, body));
  for (const wasmTier of tiers!) {
    const firsts: number[] = [];
    for (let i = 0; i < repeat; i++) firsts.push((await cli(firstLine, false, wasmTier)).firstOutput);
    const cells: string[] = [];
    for (const file of files) {
      const runs: Process[] = [];
      for (let i = 0; i < repeat; i++) runs.push(await cli(file, false, wasmTier));
      cells.push(`${fmt(median(runs.map((run) => run.seconds)))} / ${fmt(median(runs.map((run) => run.total)), 2)}`);
    }
    console.log([wasmTier, fmt(median(firsts)), ...cells].join(' | '));
  }
}

async function main(): Promise<void> {
  const version = spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    `Loopscope runtime benchmark (median of ${repeat}; wasm tier: ${tier ?? 'default'}; ${version}; load average at start: ${load()})`,
  );
  for (const mode of modes) await ratios(mode);

  const firstLine = path.join(directory, 'first_line.py');
  writeFileSync(firstLine, 'print("first line", flush=True)\nimport asyncio\n');
  const pyStarts: number[] = [];
  const libraryStarts: number[] = [];
  const cliStarts: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const pyStart = performance.now();
    spawnSync('python3', [firstLine]);
    pyStarts.push((performance.now() - pyStart) / 1000);
    libraryStarts.push(await startupToFirstLine(firstLine));
    cliStarts.push((await cli(firstLine, false)).firstOutput);
  }
  console.log(
    `\nstart-up to first user line: library ${fmt(median(libraryStarts))} s (worker spawn + Pyodide snapshot + install), ` +
      `CLI ${fmt(median(cliStarts))} s (node process + the same); python3 process: ${fmt(median(pyStarts))} s`,
  );

  if (tiers) await compareTiers(firstLine);

  if (!argv.includes('--no-memory')) {
    const memory = path.join(directory, 'memory.py');
    writeFileSync(memory, MEMORY_PROGRAM);
    const session = startRuntime({ program: memory, ...HERE, stdio: 'pipe' });
    let perTask = '';
    session.onOutput(({ data }) => (perTask += Buffer.from(data).toString()));
    await session.run();
    console.log(
      `memory per live task (tracemalloc, 10,000 tasks awaiting an Event): loopscope ${perTask.trim()} B, python3 ${python(memory)} B`,
    );
  }
  console.log(`load average at end: ${load()}`);
}

void main();
