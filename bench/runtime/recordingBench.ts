// Record and replay benchmark (issue 14): the loopback echo of the network benchmark (10,000 round trips of 1 KiB
// through asyncio streams, client and server in one program) under `loopscope run`, without and with --record, in
// one run; then --replay of the recording. Prints:
// - recording overhead: recorded / unrecorded time (inside the program: the loop's clock, which follows the wall
//   while I/O is in flight; and the whole process), target ≤ 1.3;
// - recording size against its budget: 1.1 × the bytes the program received + 32 bytes per recorded call;
// - how long the replay takes (it waits for nothing);
// - under the debugger (dist/debugAdapter.js through DebugClient): stopped after the 10,000 round trips, how long a
//   step back takes (a silent replay of the recording up to the line before), target ≤ 2 s.
//
// Run: npm run build && node --import tsx bench/runtime/recordingBench.ts [--repeat N]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { EntryReader } from '../../runtime/src/recording/recordingFormat';
import { AdapterClient, lineOf } from '../../test/debugAdapter/adapterClient';
import { ECHO_PROGRAM } from './echoProgram';

const argv = process.argv.slice(2);
const repeat = argv.includes('--repeat') ? Number(argv[argv.indexOf('--repeat') + 1]) || 3 : 3;
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const folder = mkdtempSync(path.join(tmpdir(), 'loopscope-recbench-'));
const program = path.join(folder, 'echo.py');
const recording = path.join(folder, 'echo.rec');

writeFileSync(program, ECHO_PROGRAM);

/**
 * Debugger: stopped at the line after the echo loop, one step back; ms from the request to the stop. `lookMs`: how
 * long the user looks at the stop before stepping back (the adapter loads the re-run's worker meanwhile).
 */
async function stepBackMs(lookMs: number): Promise<number> {
  const client = new AdapterClient();
  await client.start();
  try {
    await client.launch({ program }, { breakpoints: { [program]: [{ line: lineOf(program, 'done') }] } });
    const stop = await client.nextStop(120_000);
    await new Promise((resolve) => setTimeout(resolve, lookMs));
    const started = performance.now();
    await client.dc.stepBackRequest({ threadId: stop.body.threadId! });
    await client.nextStop(120_000);
    return performance.now() - started;
  } finally {
    await client.close();
  }
}

interface Timing {
  inside: number;
  process: number;
}

function run(args: string[]): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'run', ...args], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      const seconds = /seconds (\S+)/.exec(stdout)?.[1];
      if (status !== 0 || seconds === undefined) reject(new Error(`loopscope run ${args.join(' ')} failed (${status}):\n${stderr}`));
      else resolve({ inside: Number(seconds), process: (performance.now() - started) / 1000 });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  console.log(
    `recording benchmark: echo of 10,000 × 1 KiB, ${repeat} runs each (alternating), medians; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  const plain: Timing[] = [];
  const recorded: Timing[] = [];
  const replayed: number[] = [];
  for (let turn = 0; turn < repeat; turn++) {
    plain.push(await run([program]));
    recorded.push(await run([program, '--record', recording]));
    const started = performance.now();
    await run(['--replay', recording]);
    replayed.push((performance.now() - started) / 1000);
  }
  const row = (name: string, base: number, taped: number, target: string): string =>
    `${name.padEnd(34)}${base.toFixed(3).padStart(10)}s${taped.toFixed(3).padStart(10)}s${(taped / base).toFixed(2).padStart(8)}  ${target}`;
  console.log(`${'measure'.padEnd(34)}${'plain'.padStart(11)}${'recorded'.padStart(11)}${'ratio'.padStart(8)}  target`);
  const inside = median(recorded.map((t) => t.inside)) / median(plain.map((t) => t.inside));
  console.log(row('echo loop (inside the program)', median(plain.map((t) => t.inside)), median(recorded.map((t) => t.inside)), '≤ 1.3'));
  console.log(row('whole process', median(plain.map((t) => t.process)), median(recorded.map((t) => t.process)), '—'));

  const reader = new EntryReader(readFileSync(recording));
  let calls = 0;
  let received = 0;
  const receiving = new Set(['io.recvInto', 'processes.state', 'stdin']);
  for (let entry = reader.next(); entry; entry = reader.next()) {
    calls++;
    if (entry.output && receiving.has(reader.header.channels[entry.channel] ?? '')) received += entry.output.length;
  }
  const size = statSync(recording).size;
  const budget = 1.1 * received + 32 * calls;
  console.log(
    `recording: ${(size / 2 ** 20).toFixed(2)} MiB for ${(received / 2 ** 20).toFixed(2)} MiB received in ${calls.toLocaleString('en')} calls; ` +
      `budget 1.1 × received + 32 B/call = ${(budget / 2 ** 20).toFixed(2)} MiB → ${size <= budget ? 'met' : 'not met'} (${(size / budget).toFixed(2)} of it)`,
  );
  console.log(`replay (whole process, offline): ${median(replayed).toFixed(3)} s`);
  for (const lookMs of [0, 2000]) {
    const stepBacks: number[] = [];
    for (let turn = 0; turn < repeat; turn++) stepBacks.push(await stepBackMs(lookMs));
    const stepBack = median(stepBacks) / 1000;
    console.log(
      `debugger: step back after 10,000 recorded round trips, ${lookMs ? `${lookMs / 1000} s after the stop` : 'at once'}: ` +
        `${stepBack.toFixed(3)} s (target ≤ 2 s → ${stepBack <= 2 ? 'met' : 'not met'})`,
    );
  }
  console.log(`recording overhead target ≤ 1.3: ${inside.toFixed(2)} → ${inside <= 1.3 ? 'met' : 'not met'}`);
  console.log(
    `load average after: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
}

void main();
