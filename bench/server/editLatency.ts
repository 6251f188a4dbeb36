// Per-edit latency of the language server: open a 5,000-line file, make 200 one-character edits,
// and time each from `didChange` sent to its diagnostics received. Prints p50/p95 (target p95 ≤ 10 ms).
// Usage: npm run build && npx tsx bench/server/editLatency.ts [--lines N] [--edits N]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LspTestClient } from '../../test/server/lspClient';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '5000' }, edits: { type: 'string', default: '200' } } });
const targetLines = Number(values.lines);
const editCount = Number(values.edits);

/**
 * A realistic module: the bundled examples repeated up to the wanted length, each copy of each example with its own
 * names (every function and class it defines renamed, with its uses, so that no two copies define the same name and
 * each copy's calls reach its own helpers, as in one real module).
 */
function syntheticModule(): string {
  const examples = path.join(__dirname, '..', '..', 'examples');
  const sources = [
    'tasks.py',
    'task_group.py',
    'queues_and_locks.py',
    'cancellation.py',
    'mistakes/blocking_helper.py',
    'mistakes/dangling_task.py',
  ].map((name) => readFileSync(path.join(examples, name), 'utf8').replace(/if __name__ == "__main__":\n.*\n/g, ''));
  const lines: string[] = ['import asyncio', 'import time', ''];
  for (let copy = 0; lines.length < targetLines; copy++) {
    sources.forEach((source, index) => lines.push(...renamedApart(source, `_${copy}_${index}`).split('\n')));
  }
  return lines.slice(0, targetLines).join('\n') + '\n';
}

/** `source` with every name it defines (`def`, `async def`, `class`) suffixed, wherever it is written. */
function renamedApart(source: string, suffix: string): string {
  const defined = new Set([...source.matchAll(/\b(?:def|class) (?!__)(\w+)/g)].map((match) => match[1]!));
  return source.replace(/\b\w+\b/g, (word) => (defined.has(word) ? `${word}${suffix}` : word));
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

async function main(): Promise<void> {
  const text = syntheticModule();
  const client = LspTestClient.start();
  await client.initialize();
  const uri = 'file:///bench/latency.py';
  const opened = await client.open(uri, text);
  const lines = text.split('\n');
  const times: number[] = [];
  for (let version = 2; version < 2 + editCount; version++) {
    // Type a character into a comment-free spot in the middle of the file, alternating insert and delete.
    const line = Math.floor(lines.length / 2) + ((version * 37) % 400) - 200;
    const character = lines[line]!.length;
    const change =
      version % 2 === 0
        ? { range: { start: { line, character }, end: { line, character } }, text: ' ' }
        : {
            range: {
              start: { line: line_(version - 1), character: lines[line_(version - 1)]!.length },
              end: { line: line_(version - 1), character: lines[line_(version - 1)]!.length + 1 },
            },
            text: '',
          };
    const started = performance.now();
    await client.change(uri, version, [change]);
    times.push(performance.now() - started);
  }
  await client.shutdown();
  times.sort((a, b) => a - b);
  console.log(`file: ${lines.length - 1} lines, ${(text.length / 1024).toFixed(0)} KiB, ${opened.diagnostics.length} diagnostics`);
  console.log(
    `edits: ${times.length}   p50 ${percentile(times, 0.5).toFixed(1)} ms   p95 ${percentile(times, 0.95).toFixed(1)} ms   max ${times.at(-1)!.toFixed(1)} ms   (target p95 ≤ 10 ms)`,
  );

  function line_(v: number): number {
    return Math.floor(lines.length / 2) + ((v * 37) % 400) - 200;
  }
}

void main();
