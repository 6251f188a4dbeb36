// Run by retainedText.test.ts in its own process: opens a large module as the language server does, types in many
// different statements (linting after each keystroke, as the server does), and prints as JSON how many versions of
// the text are still alive then.
import { Linter, RULES } from '../../server/engine/src';
import { OpenDocument } from '../../server/src/lsp/openDocument';
import { liveStrings } from '../support/heapStrings';

/** A coroutine with long names (a finding quotes them; the statement's lint keeps them). */
function block(index: number): string {
  return [
    `async def handle_incoming_request_number_${index}(connection_parameters):`,
    `    connection_parameters.reconfigure_everything_now()`,
    `    time.sleep(0.5)`,
    ``,
  ].join('\n');
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
  console.log(
    JSON.stringify({
      textLength: text.length,
      findings,
      texts: (await liveStrings()).filter((string) => string.start.startsWith(text.slice(0, 40))).length,
    }),
  );
}

void main();
