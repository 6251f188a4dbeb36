// Per-edit latency of the language server: open a 5,000-line file, make 200 one-character edits,
// and time each from `didChange` sent to its diagnostics received. Prints p50/p95 (target p95 ≤ 10 ms)
// twice: for edits sent back to back (each as soon as the last one's diagnostics arrive: a burst no
// typist makes, with no quiet moment between), and for typing with a pause between keystrokes
// (--pause, 50 ms by default: 20 keystrokes a second, faster than fast typing).
// Usage: npm run build && npx tsx bench/server/editLatency.ts [--lines N] [--edits N] [--pause MS]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LspTestClient } from '../../test/server/lspClient';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '5000' },
    edits: { type: 'string', default: '200' },
    pause: { type: 'string', default: '50' },
  },
});
const targetLines = Number(values.lines);
const editCount = Number(values.edits);
const typingPause = Number(values.pause);

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

async function main(): Promise<void> {
  const text = syntheticModule();
  const client = LspTestClient.start();
  await client.initialize();
  const uri = 'file:///bench/latency.py';
  const opened = await client.open(uri, text);
  const lines = text.split('\n');
  console.log(`file: ${lines.length - 1} lines, ${(text.length / 1024).toFixed(0)} KiB, ${opened.diagnostics.length} diagnostics`);
  // An even number of edits leaves the text as it was (each space typed is deleted by the next edit).
  const edits = editCount + (editCount % 2);
  report('back to back', await timedEdits(client, uri, lines, 2, edits, 0));
  report(`${typingPause} ms between keystrokes`, await timedEdits(client, uri, lines, 2 + edits, edits, typingPause));
  await client.shutdown();
}

/**
 * Types into a comment-free spot in the middle of the file, alternating inserting a space at a line's end and
 * deleting it, from document version `firstVersion`, pausing `pause` ms after each edit's diagnostics arrive.
 */
async function timedEdits(
  client: LspTestClient,
  uri: string,
  lines: readonly string[],
  firstVersion: number,
  count: number,
  pause: number,
): Promise<number[]> {
  const lineOf = (edit: number): number => Math.floor(lines.length / 2) + ((edit * 37) % 400) - 200;
  const times: number[] = [];
  for (let edit = 0; edit < count; edit++) {
    const inserting = edit % 2 === 0;
    const line = lineOf(inserting ? edit : edit - 1);
    const character = lines[line]!.length;
    const change = inserting
      ? { range: { start: { line, character }, end: { line, character } }, text: ' ' }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
    const started = performance.now();
    await client.change(uri, firstVersion + edit, [change]);
    times.push(performance.now() - started);
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  return times.sort((a, b) => a - b);
}

function report(how: string, times: readonly number[]): void {
  const at = (fraction: number): string => times[Math.min(times.length - 1, Math.floor(fraction * times.length))]!.toFixed(1);
  console.log(
    `${times.length} edits, ${how}: p50 ${at(0.5)} ms   p95 ${at(0.95)} ms   max ${times.at(-1)!.toFixed(1)} ms   (target p95 ≤ 10 ms)`,
  );
}

void main();
