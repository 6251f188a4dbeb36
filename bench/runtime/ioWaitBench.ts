// What describing I/O waits costs: the runtime's instrumentation says, at the end of every task step, what the
// task waits on ("reading 127.0.0.1:8080"). Prints (1) microseconds per description for a task waiting on a
// stream read, a drain, a server, a plain future and a queue, measured inside the runtime, and (2) a loopback
// echo over asyncio streams with instrumentation off and on, next to python3, from the same run.
//
// Run: npm run build && node --import tsx bench/runtime/ioWaitBench.ts [--repeat N] [--round-trips N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { environmentVariables, startRuntime } from '../../runtime/src/index';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const repeat = Number(option('--repeat')) || 3;
const roundTrips = Number(option('--round-trips')) || 5000;
const directory = mkdtempSync(path.join(tmpdir(), 'loopscope-iowait-bench-'));

/** Times tasks_info.awaiting() on tasks suspended in different waits (runtime only: it imports _loopscope). */
const DESCRIBER = `
import asyncio
from _loopscope import tasks_info
from _loopscope.clock import _orig
clock = _orig['perf_counter']
CALLS = 20000

async def quiet(reader, writer):
    await asyncio.sleep(3600)

async def main():
    server = await asyncio.start_server(quiet, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    queue = asyncio.Queue()
    future = asyncio.get_running_loop().create_future()
    async def wait_future():
        await future
    waits = {
        'stream read (readline)': asyncio.create_task(reader.readline()),
        'server (serve_forever)': asyncio.create_task(server.serve_forever()),
        'plain future (unknown: looks along the chain)': asyncio.create_task(wait_future()),
        'queue get (not I/O)': asyncio.create_task(queue.get()),
    }
    await asyncio.sleep(0.05)
    for name, task in waits.items():
        kind, _, text, _ = tasks_info.awaiting(task)
        start = clock()
        for _ in range(CALLS):
            tasks_info.awaiting(task)
        micro = (clock() - start) / CALLS * 1e6
        print(f'{name}\\t{micro:.2f}\\t{kind}: {text}')
    # The same unknown future without looking along the chain: what the fallback adds.
    from _loopscope import io_waits
    along_chain = io_waits.along_chain
    io_waits.along_chain = lambda task, frames: None
    task = waits['plain future (unknown: looks along the chain)']
    start = clock()
    for _ in range(CALLS):
        tasks_info.awaiting(task)
    print(f'plain future, without looking along the chain\t{(clock() - start) / CALLS * 1e6:.2f}\t(for comparison)')
    io_waits.along_chain = along_chain
    for task in waits.values():
        task.cancel()
    writer.close()
    server.close()

asyncio.run(main())
`;

const ECHO = `
import asyncio
try:
    from _loopscope.clock import _orig
    clock = _orig['perf_counter']
except ImportError:
    from time import perf_counter as clock
ROUND_TRIPS = ${roundTrips}
PAYLOAD = b'x' * 1023 + b'\\n'

async def echo(reader, writer):
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()
    writer.close()

async def main():
    server = await asyncio.start_server(echo, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    start = clock()
    for _ in range(ROUND_TRIPS):
        writer.write(PAYLOAD)
        await writer.drain()
        await reader.readline()
    elapsed = clock() - start
    writer.close()
    server.close()
    await server.wait_closed()
    print(elapsed)

asyncio.run(main())
`;

function file(name: string, text: string): string {
  const target = path.join(directory, name);
  writeFileSync(target, text);
  return target;
}

async function runtime(program: string, instrument: boolean): Promise<{ output: string; events: number }> {
  const session = startRuntime({
    program,
    cwd: process.cwd(),
    env: environmentVariables(process.env),
    cacheEnv: process.env,
    stdio: 'pipe',
    instrument,
    clock: 'real',
    maxWall: 600,
  });
  let output = '';
  let errors = '';
  let events = 0;
  session.onEvent(() => events++);
  session.onOutput(({ stream, data }) => {
    if (stream === 'stdout') output += Buffer.from(data).toString();
    else errors += Buffer.from(data).toString();
  });
  const result = await session.run();
  if (result.exitStatus !== 0) throw new Error(`${program}: ${errors}`);
  return { output, events };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  console.log('## Describing a wait (tasks_info.awaiting, µs per call inside the runtime; median of runs)\n');
  const describer = file('describer.py', DESCRIBER);
  const rows = new Map<string, { micro: number[]; text: string }>();
  for (let run = 0; run < repeat; run++) {
    const { output } = await runtime(describer, true);
    for (const line of output.trim().split('\n')) {
      const [name, micro, text] = line.split('\t');
      const row = rows.get(name!) ?? { micro: [], text: text ?? '' };
      row.micro.push(Number(micro));
      rows.set(name!, row);
    }
  }
  console.log('| wait | µs per description | described as |\n|---|---|---|');
  for (const [name, row] of rows) console.log(`| ${name} | ${median(row.micro).toFixed(2)} | ${row.text} |`);

  console.log(
    `\n## Loopback echo over streams: ${roundTrips.toLocaleString('en-US')} round trips of 1 KiB (seconds, median of ${repeat})\n`,
  );
  const echo = file('echo.py', ECHO);
  const python: number[] = [];
  const off: number[] = [];
  const on: number[] = [];
  let events = 0;
  for (let run = 0; run < repeat; run++) {
    const reference = spawnSync('python3', [echo], { encoding: 'utf8' });
    if (reference.status !== 0) throw new Error(reference.stderr);
    python.push(Number(reference.stdout.trim()));
    off.push(Number((await runtime(echo, false)).output.trim()));
    const instrumented = await runtime(echo, true);
    on.push(Number(instrumented.output.trim()));
    events = instrumented.events;
  }
  const [p, a, b] = [median(python), median(off), median(on)];
  console.log('| python3 | loopscope | ratio | instrumented | ratio | instrumented / not | events |\n|---|---|---|---|---|---|---|');
  console.log(
    `| ${p.toFixed(3)} | ${a.toFixed(3)} | ${(a / p).toFixed(2)} | ${b.toFixed(3)} | ${(b / p).toFixed(2)} | ${(b / a).toFixed(2)} | ${events} |`,
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
