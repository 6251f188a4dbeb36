// Run by retainedText.test.ts in its own process: opens a large module as the language server does, types in many
// different statements (linting after each keystroke, as the server does), and prints as JSON how many versions of
// the text are still alive then.
import { getHeapSnapshot } from 'node:v8';
import { Linter, RULES } from '../../server/engine/src';
import { OpenDocument } from '../../server/src/lsp/openDocument';

/** A coroutine with long names (a finding quotes them; the statement's lint keeps them). */
function block(index: number): string {
  return [
    `async def handle_incoming_request_number_${index}(connection_parameters):`,
    `    connection_parameters.reconfigure_everything_now()`,
    `    time.sleep(0.5)`,
    ``,
  ].join('\n');
}

/**
 * How many reachable strings begin with `start` (a heap snapshot is taken after a full collection; it names a string by
 * its first characters).
 */
async function liveStringsStartingWith(start: string): Promise<number> {
  const chunks: string[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(String(chunk));
  const snapshot = JSON.parse(chunks.join('')) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const stride = fields.length;
  const typeField = fields.indexOf('type');
  const nameField = fields.indexOf('name');
  const stringType = snapshot.snapshot.meta.node_types[0]!.indexOf('string');
  let count = 0;
  for (let node = 0; node < snapshot.nodes.length; node += stride)
    if (snapshot.nodes[node + typeField] === stringType && snapshot.strings[snapshot.nodes[node + nameField]!]!.startsWith(start)) count++;
  return count;
}

/** What a heap snapshot's JSON holds, as far as read here. */
interface HeapSnapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: readonly string[]; readonly node_types: readonly [readonly string[]] } };
  readonly nodes: readonly number[];
  readonly strings: readonly string[];
}

async function main(): Promise<void> {
  const linter = await Linter.create(RULES);
  const blocks = 600;
  const lines = [
    'import time',
    '',
    ...Array.from({ length: blocks }, (_, index) => block(index))
      .join('\n')
      .split('\n'),
  ];
  const text = lines.join('\n');
  const document = OpenDocument.open('file:///retained/handlers.py', 'python', 1, text, linter);
  const settings = {};
  document.lint(settings, undefined);
  // A space typed at the end of the `time.sleep` line of 40 coroutines spread over the file.
  let findings = 0;
  for (let edit = 0; edit < 40; edit++) {
    const line = 2 + 4 * ((edit * 37) % blocks) + 2;
    const character = lines[line]!.length;
    document.applyChanges([{ range: { start: { line, character }, end: { line, character } }, text: ' ' }], edit + 2);
    lines[line] += ' ';
    findings = document.lint(settings, undefined).diagnostics.length;
  }
  // Not what this measures: V8 keeps the last string a regular expression searched until the next search anywhere.
  /./.exec('-');
  await new Promise((resolve) => setImmediate(resolve));
  console.log(JSON.stringify({ textLength: text.length, findings, texts: await liveStringsStartingWith(text.slice(0, 40)) }));
}

void main();
