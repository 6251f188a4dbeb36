// Run by retainedText.test.ts in its own process: lints one large module the way `loopscope lint` does, keeping what a
// run keeps until its end (the module's summary in the project index, the reported findings), and prints as JSON the
// size of the largest string still alive then, against the size of the module's text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Linter, RULES } from '../../server/engine/src';
import { FileLinter, type FileLintResult } from '../../cli/src/lint/fileLinter';
import { type LiveString, liveStrings } from '../support/heapStrings';

/** A helper with a long name and a long condition (what a summary and a message quote), a coroutine calling it. */
function block(index: number): string {
  const name = `handle_incoming_request_number_${index}`;
  return [
    `def ${name}_helper(connection_parameters):`,
    `    if connection_parameters.should_read_configuration_from_disk:`,
    `        time.sleep(0.5)`,
    ``,
    `async def ${name}(connection_parameters):`,
    `    """${'Documentation that nothing keeps. '.repeat(480)}"""`,
    `    ${name}_helper(connection_parameters)`,
    `    time.sleep(1)`,
    ``,
  ].join('\n');
}

function writeModule(file: string, blocks: number): number {
  const text = ['import time', '', ...Array.from({ length: blocks }, (_, index) => block(index))].join('\n');
  writeFileSync(file, text);
  return text.length;
}

/**
 * The largest string alive once the lint's own tasks are over. A string of `suspectFrom` bytes or more is looked for
 * again after a pause, up to three times: work V8 does beside the program (a function compiled on another thread
 * holds what it was compiled with until the job ends) may still hold it on a loaded machine, what the lint keeps
 * holds it every time. The last look says what holds it.
 */
async function largestLiveString(suspectFrom: number): Promise<LiveString> {
  for (let look = 1; ; look++) {
    await new Promise((resolve) => setTimeout(resolve, look === 1 ? 0 : 300));
    const strings = await liveStrings(look === 3 ? suspectFrom : Infinity);
    const largest = strings.reduce((found, string) => (string.size > found.size ? string : found), { size: 0, start: '' });
    if (largest.size < suspectFrom || look === 3) return largest;
  }
}

async function main(): Promise<void> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'loopscope-retained-'));
  try {
    const linter = await Linter.create(RULES);
    const file = path.join(folder, 'handlers.py');
    const textBytes = writeModule(file, 500);
    const fileLinter = new FileLinter(linter, {}, [file]);
    const result: FileLintResult = fileLinter.lint(file);
    // Not what this measures: V8 keeps the last string a regular expression searched (for RegExp.lastMatch) until the
    // next search anywhere, and what the current task touched until it ends.
    /./.exec('-');
    const largest = await largestLiveString(textBytes / 2);
    const summarised = fileLinter.projectFor(file).findFunction('handlers.handle_incoming_request_number_7_helper') !== undefined;
    const codes = [...new Set(result.diagnostics.map((diagnostic) => diagnostic.code))].sort();
    console.log(
      JSON.stringify({
        textBytes,
        largestString: largest.size,
        heldBy: largest.heldBy ?? [],
        findings: result.diagnostics.length,
        codes,
        summarised,
      }),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

void main();
