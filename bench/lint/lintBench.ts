// Lints CPython's asyncio package and test_asyncio with Loopscope and with Ruff (wasm, rules ASYNC,
// RUF006, RUF029, PLE1142), alternating runs in one process; prints times, their ratio, and
// diagnostic counts per rule family. Usage: npm run bench:lint [-- --runs N] [-- PATH...]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { Linter, RULES } from '../../server/engine/src';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);

const stdlib = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
const roots = positionals.length > 0 ? positionals : [path.join(stdlib, 'asyncio'), path.join(stdlib, 'test', 'test_asyncio')];
const files = roots.flatMap(pythonFiles).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const totalBytes = files.reduce((sum, { text }) => sum + Buffer.byteLength(text), 0);
const totalLines = files.reduce((sum, { text }) => sum + text.split('\n').length, 0);

interface RuffDiagnostic {
  code: string | null;
}

async function main(): Promise<void> {
  const linter = await Linter.create(RULES);
  const ruff = new Workspace({ lint: { select: ['ASYNC', 'RUF006', 'RUF029', 'PLE1142'], preview: true } }, PositionEncoding.Utf16);
  const settings = {};

  const ours = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const { text } of files)
      for (const d of linter.lintText(text, settings).diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
    return counts;
  };
  const theirs = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const { text } of files) {
      for (const d of ruff.check(text) as RuffDiagnostic[]) {
        const code = d.code ?? 'syntax-error';
        counts.set(code, (counts.get(code) ?? 0) + 1);
      }
    }
    return counts;
  };

  // Warm up both (JIT, wasm tier-up), then alternate timed runs.
  const ourCounts = ours();
  const ruffCounts = theirs();
  const ourTimes: number[] = [];
  const ruffTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    ourTimes.push(time(ours));
    ruffTimes.push(time(theirs));
  }
  const ourMedian = median(ourTimes);
  const ruffMedian = median(ruffTimes);

  console.log(`corpus: ${files.length} files, ${totalLines} lines, ${(totalBytes / 1024).toFixed(0)} KiB (${roots.join(', ')})`);
  console.log(`runs: ${runs} alternating, median shown`);
  console.log(
    `loopscope: ${ourMedian.toFixed(1)} ms   ruff-wasm: ${ruffMedian.toFixed(1)} ms   ratio loopscope/ruff: ${(ourMedian / ruffMedian).toFixed(2)}`,
  );
  console.log(`\nloopscope diagnostics by family:\n${byFamily(ourCounts, (code) => code.slice(0, 5) + 'xx')}`);
  console.log(`\nloopscope diagnostics by rule:\n${table(ourCounts)}`);
  console.log(`\nruff diagnostics by rule:\n${table(ruffCounts)}`);
}

function time(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function table(counts: Map<string, number>): string {
  return (
    [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, count]) => `  ${code.padEnd(14)} ${count}`)
      .join('\n') || '  (none)'
  );
}

function byFamily(counts: Map<string, number>, family: (code: string) => string): string {
  const families = new Map<string, number>();
  for (const [code, count] of counts) families.set(family(code), (families.get(family(code)) ?? 0) + count);
  return table(families);
}

function pythonFiles(root: string): string[] {
  if (statSync(root).isFile()) return [root];
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) return entry.name === '__pycache__' ? [] : pythonFiles(full);
    return entry.name.endsWith('.py') ? [full] : [];
  });
}

void main();
