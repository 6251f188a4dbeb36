// Start-up benchmark with the program's own packages (issue 10): a fresh `loopscope run` process per run,
// timed from spawn to the program's first line (its first statement prints a marker) and to exit, with a
// virtualenv of ~30 distributions mounted, next to that venv's python (the real interpreter binary, not a
// version manager's shim) doing the same in the same run. Also: the first line after importing aiohttp,
// httpx, websockets and anyio, with the bytecode cache warm and empty, and without any environment.
//
// Run: npm run build && node --import tsx bench/runtime/startupBench.ts [--repeat N]
// Target (issue 10): start-up to the first user line with 30 packages mounted ≤ 1.5 s, whole process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { cachedVenv } from '../../test/runtime/packages/cachedVenv';

const argv = process.argv.slice(2);
const repeat = Number(argv.includes('--repeat') ? argv[argv.indexOf('--repeat') + 1] : 7) || 7;
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const MARKER = 'loopscope-first-line';
const TARGET_S = 1.5;

interface Timing {
  /** Spawn to the marker on stdout, seconds. */
  firstLine: number;
  /** Spawn to exit, seconds. */
  total: number;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstLine = 0;
    let output = '';
    let errors = '';
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!firstLine && output.includes(MARKER)) firstLine = performance.now() - started;
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0 || !firstLine) reject(new Error(`${command} ${args.join(' ')}: status ${status}\n${errors}`));
      else resolve({ firstLine: firstLine / 1000, total: (performance.now() - started) / 1000 });
    });
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (value: number): string => `${value.toFixed(3)} s`;
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function measure(label: string, loopscope: () => Promise<Timing>, python: (() => Promise<Timing>) | null): Promise<Timing> {
  const ours: Timing[] = [];
  const theirs: Timing[] = [];
  for (let i = 0; i < repeat; i++) {
    ours.push(await loopscope());
    if (python) theirs.push(await python());
  }
  const first = median(ours.map((timing) => timing.firstLine));
  const total = median(ours.map((timing) => timing.total));
  const cells = [label, seconds(first), seconds(total)];
  if (python) {
    const pyFirst = median(theirs.map((timing) => timing.firstLine));
    const pyTotal = median(theirs.map((timing) => timing.total));
    cells.push(seconds(pyFirst), seconds(pyTotal), `${(first / pyFirst).toFixed(1)}x`, `${(first - pyFirst).toFixed(3)} s`);
  } else {
    cells.push('—', '—', '—', '—');
  }
  console.log(cells.join(' | '));
  return { firstLine: first, total };
}

async function main(): Promise<void> {
  const venv = cachedVenv(path.join(__dirname, 'startup-requirements.txt'));
  const site = path.join(
    venv.root,
    'lib',
    readdirSync(path.join(venv.root, 'lib')).find((entry) => entry.startsWith('python3'))!,
    'site-packages',
  );
  const distributions = readdirSync(site).filter((entry) => entry.endsWith('.dist-info')).length;
  const real = realpathSync(venv.python);
  const version = spawnSync(venv.python, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const directory = mkdtempSync(path.join(tmpdir(), 'loopscope-startup-'));
  const firstLine = path.join(directory, 'first_line.py');
  writeFileSync(firstLine, `print(${JSON.stringify(MARKER)}, flush=True)\nimport asyncio\n`);
  const afterImports = path.join(directory, 'after_imports.py');
  writeFileSync(afterImports, `import aiohttp, httpx, websockets, anyio\nprint(${JSON.stringify(MARKER)}, flush=True)\n`);
  const warmCache = path.join(directory, 'warm-cache');
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    // The runtime's snapshot stays warm even where a measure empties the bytecode cache (LOOPSCOPE_CACHE_DIR).
    const snapshots = path.join(warmCache, 'snapshot');
    const copy: NodeJS.ProcessEnv = { ...process.env, LOOPSCOPE_CACHE_DIR: warmCache, LOOPSCOPE_SNAPSHOT_DIR: snapshots, ...extra };
    delete copy.VIRTUAL_ENV;
    return copy;
  };
  const loopscope =
    (file: string, extra: NodeJS.ProcessEnv = {}, python: string | null = venv.python): (() => Promise<Timing>) =>
    () =>
      timed(process.execPath, [CLI, 'run', ...(python ? ['--python', python] : []), file], env(extra));
  const python = (file: string) => () => timed(venv.python, [file], env());

  console.log(
    `Loopscope start-up with the program's packages (median of ${repeat}; venv: ${distributions} distributions in ${site}; ` +
      `python3: ${venv.python} → ${real}, ${version}; load average at start: ${load()})\n`,
  );
  console.log(
    ['measure', 'loopscope first line', 'loopscope process', 'python first line', 'python process', 'ratio', 'difference'].join(' | '),
  );
  // Warm-up: snapshot, interpreter probe and bytecode caches, as any second run finds them.
  await loopscope(afterImports)();
  await python(afterImports)();
  const mounted = await measure(`first line, ${distributions} distributions mounted`, loopscope(firstLine), python(firstLine));
  await measure('first line, no environment', loopscope(firstLine, { PATH: path.dirname(process.execPath) }, null), null);
  await measure('after importing aiohttp, httpx, websockets, anyio', loopscope(afterImports), python(afterImports));
  await measure(
    'the same, empty bytecode cache each run',
    () => {
      const empty = mkdtempSync(path.join(directory, 'cold-cache-'));
      return loopscope(afterImports, { LOOPSCOPE_CACHE_DIR: empty })().finally(() => rmSync(empty, { recursive: true, force: true }));
    },
    null,
  );
  console.log(
    `\ntarget: start-up to the first user line with ~30 packages mounted ≤ ${TARGET_S} s (whole process, from spawn): ` +
      `${seconds(mounted.firstLine)} (exit at ${seconds(mounted.total)}) → ${mounted.firstLine <= TARGET_S ? 'met' : 'NOT met'}`,
  );
  console.log(`load average at end: ${load()}`);
  rmSync(directory, { recursive: true, force: true });
}

void main();
