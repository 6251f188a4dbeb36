// `loopscope lint` as a whole process against native Ruff (ASYNC, RUF006, RUF029: the rules we map to), as a user
// runs them: CPU time (user + system), wall time and peak memory, each the median of --runs. Four runs of each:
//   cold   no cache (loopscope --no-cache, ruff --no-cache): everything parsed and checked;
//   warm   the cache of a run before (both keep one by default), nothing changed;
//   edit   the cache of a run before, one module edited (a comment appended): what a pre-commit hook or a
//          re-run after saving a file costs.
// Corpora: CPython's asyncio + test_asyncio (of the interpreter that runs `python3`), and the pinned real-world
// projects when they have been extracted (bench/lint/realWorld.ts --mirrors DIR does it). Each is copied into a
// temporary folder first (the edit run writes to it). Needs GNU time (/usr/bin/time) for CPU and memory.
//   npm run build && node --import tsx bench/lint/cliBench.ts [--runs 5] [--ruff PATH] [--realworld DIR] [PATH...]
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { nativeRuff } from './nativeRuff';
import { PINNED_PROJECTS, folderName } from './realWorldCorpus';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    ruff: { type: 'string', default: nativeRuff() },
    realworld: { type: 'string', default: path.join(os.homedir(), '.cache', 'loopscope-realworld') },
  },
});
const runs = Number(values.runs);
const cli = path.join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const TIME = '/usr/bin/time';

interface Measure {
  readonly cpu: number;
  readonly wall: number;
  readonly peakMb: number;
}

interface Tool {
  readonly name: string;
  /** The command for `mode`, run in the corpus folder with its own cache folder. */
  command(mode: 'cold' | 'cached', cacheDir: string): string[];
}

const loopscope: Tool = {
  name: 'loopscope',
  command: (mode, cacheDir) => [
    process.execPath,
    cli,
    'lint',
    '--isolated',
    '--exit-zero',
    '-q',
    ...(mode === 'cold' ? ['--no-cache'] : ['--cache-dir', cacheDir]),
    '.',
  ],
};

const ruff: Tool = {
  name: 'ruff',
  command: (mode, cacheDir) => [
    values.ruff,
    'check',
    '--isolated',
    '--select',
    'ASYNC,RUF006,RUF029',
    '--preview',
    '--exit-zero',
    '-q',
    ...(mode === 'cold' ? ['--no-cache'] : ['--cache-dir', cacheDir]),
    '.',
  ],
};

function main(): void {
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to measure CPU and memory: apt-get install time`);
  if (spawnSync(values.ruff, ['--version']).status !== 0)
    throw new Error(`native Ruff not found at ${values.ruff}: pip install ruff into a virtualenv, or pass --ruff PATH`);
  const corpora = positionals.length > 0 ? [{ name: positionals.join(' '), roots: positionals }] : defaultCorpora();
  console.log(
    `${execFileSync(values.ruff, ['--version'], { encoding: 'utf8' }).trim()}; node ${process.version}; ${os.cpus().length} cores; load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const bundle = statSync(cli).size;
  console.log(
    `median of ${runs} runs; ratio = loopscope / ruff; ${path.relative(process.cwd(), cli)} ${(bundle / 1024).toFixed(0)} KiB (${isMinified(cli) ? 'production build' : 'development build: users run the minified one, node esbuild.mjs --production'})\n`,
  );
  for (const corpus of corpora) benchCorpus(corpus.name, corpus.roots);
}

/** Whether esbuild minified the bundle: its lines are long, some hundreds of characters on average against some
 * tens unminified (the size alone says little: it grows with the rules). */
function isMinified(bundle: string): boolean {
  const text = readFileSync(bundle, 'utf8');
  return text.length / text.split('\n').length > 300;
}

function defaultCorpora(): { name: string; roots: string[] }[] {
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  const stdlib = execFileSync(python, ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  const corpora = [
    { name: 'CPython asyncio + test_asyncio', roots: [path.join(stdlib, 'asyncio'), path.join(stdlib, 'test', 'test_asyncio')] },
  ];
  if (existsSync(values.realworld)) {
    // The pinned corpus only: the held-out projects extracted beside it are not part of the benchmark.
    const pinned = new Set(PINNED_PROJECTS.map((project) => `${folderName(project)}@${project.commit.slice(0, 12)}`));
    const projects = readdirSync(values.realworld).filter((name) => pinned.has(name));
    if (projects.length > 0)
      corpora.push({ name: `real-world projects (${projects.length})`, roots: projects.map((name) => path.join(values.realworld, name)) });
  } else {
    console.log(`(no real-world corpus at ${values.realworld}: bench/lint/realWorld.ts --mirrors DIR extracts it)`);
  }
  return corpora;
}

function benchCorpus(name: string, roots: readonly string[]): void {
  const work = mkdtempSync(path.join(os.tmpdir(), 'loopscope-cli-bench-'));
  try {
    for (const root of roots) cpSync(root, path.join(work, path.basename(root)), { recursive: true });
    const files = pythonFilesBelow(work);
    const lines = files.reduce((sum, file) => sum + countLines(file), 0);
    const edited = files[Math.floor(files.length / 2)]!;
    console.log(`## ${name}: ${files.length} files, ${lines.toLocaleString('en')} lines`);
    console.log('run    tool        cpu s   wall s   peak MB   ratio cpu  ratio wall  ratio MB');
    const results = new Map<string, Measure>();
    for (const tool of [loopscope, ruff]) {
      const cacheDir = path.join(work, `.cache-${tool.name}`);
      results.set(
        `cold ${tool.name}`,
        median(() => measure(tool.command('cold', cacheDir), work)),
      );
      measure(tool.command('cached', cacheDir), work);
      results.set(
        `warm ${tool.name}`,
        median(() => measure(tool.command('cached', cacheDir), work)),
      );
      results.set(
        `edit ${tool.name}`,
        median(() => {
          appendFileSync(edited, `# edited ${Date.now()}\n`);
          return measure(tool.command('cached', cacheDir), work);
        }),
      );
    }
    for (const mode of ['cold', 'warm', 'edit']) {
      const ours = results.get(`${mode} loopscope`)!;
      const theirs = results.get(`${mode} ruff`)!;
      for (const [tool, m] of [
        ['loopscope', ours],
        ['ruff', theirs],
      ] as const) {
        const ratios =
          tool === 'loopscope'
            ? `${ratio(ours.cpu, theirs.cpu)}  ${ratio(ours.wall, theirs.wall)}  ${ratio(ours.peakMb, theirs.peakMb)}`
            : '';
        console.log(
          `${mode.padEnd(6)} ${tool.padEnd(10)} ${m.cpu.toFixed(2).padStart(6)}  ${m.wall.toFixed(2).padStart(7)}  ${m.peakMb.toFixed(0).padStart(8)}   ${ratios}`,
        );
      }
    }
    console.log('');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One run of `command` in `cwd` under GNU time. */
function measure(command: readonly string[], cwd: string): Measure {
  const result = spawnSync(TIME, ['-f', 'LOOPSCOPE-BENCH %U %S %e %M', ...command], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const line = result.stderr.split('\n').find((text) => text.startsWith('LOOPSCOPE-BENCH '));
  if (!line || result.status !== 0) throw new Error(`${command.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const [user, system, wall, maxKb] = line.split(' ').slice(1).map(Number) as [number, number, number, number];
  return { cpu: user + system, wall, peakMb: maxKb / 1024 };
}

function median(run: () => Measure): Measure {
  const measures = Array.from({ length: runs }, run);
  const middle = <K extends keyof Measure>(key: K): number => measures.map((m) => m[key]).sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  return { cpu: middle('cpu'), wall: middle('wall'), peakMb: middle('peakMb') };
}

function ratio(ours: number, theirs: number): string {
  return `${(ours / Math.max(theirs, 0.005)).toFixed(1)}×`.padStart(9);
}

function pythonFilesBelow(folder: string): string[] {
  return (readdirSync(folder, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py') && !entry.parentPath.includes(`${path.sep}.cache-`))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function countLines(file: string): number {
  return readFileSync(file, 'utf8').split('\n').length;
}

main();
