// Hovers over a real LSP connection: asyncio APIs wherever they are named (calls, attributes, imports,
// aliases, typed methods, variables of known classes), blocking calls, and the target version's say.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LspTestClient } from './lspClient';

const SOURCE = [
  'import asyncio',
  'import time as t',
  'from asyncio import gather, TaskGroup as TG',
  'import subprocess',
  '',
  'async def main(loop: asyncio.AbstractEventLoop):',
  '    async with asyncio.TaskGroup() as tg:',
  '        tg.create_task(work())',
  '    lp = asyncio.get_event_loop()',
  '    lp.run_until_complete(work())',
  '    task = asyncio.create_task(work())',
  '    task.result()',
  '    t.sleep(1)',
  '    subprocess.getoutput("ls")',
  '    q = asyncio.Queue()',
  '    q.shutdown()',
  '    asyncio.iscoroutinefunction(main)',
  '    loop.run_in_executor(None, print)',
  '    x = 1',
  '',
].join('\n');

/** The position of the `offset`-th character of the `occurrence`-th `needle` in SOURCE. */
function at(needle: string, offset = 0, occurrence = 1): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = SOURCE.indexOf(needle, index + 1);
  assert.ok(index >= 0, `${needle} not in the source`);
  const before = SOURCE.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  return { line, character: index + offset - (before.lastIndexOf('\n') + 1) };
}

async function hoverText(client: LspTestClient, uri: string, needle: string, offset = 0, occurrence = 1): Promise<string> {
  const position = at(needle, offset, occurrence);
  const hover = await client.hover(uri, position.line, position.character);
  assert.ok(hover, `no hover on ${needle}`);
  assert.equal(hover.contents.kind, 'markdown');
  return hover.contents.value;
}

describe('hovers with the default target (3.11)', () => {
  let client: LspTestClient;
  const uri = 'file:///tmp/hover.py';

  before(async () => {
    client = LspTestClient.start();
    const result = await client.initialize();
    assert.equal(result.capabilities['hoverProvider'], true);
    await client.open(uri, SOURCE);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('get_event_loop: the 3.14 change and the replacement, over the whole dotted name', async () => {
    const position = at('asyncio.get_event_loop', 'asyncio.'.length + 2);
    const hover = await client.hover(uri, position.line, position.character);
    assert.ok(hover);
    const start = at('asyncio.get_event_loop');
    assert.deepEqual(hover.range, { start, end: { line: start.line, character: start.character + 'asyncio.get_event_loop'.length } });
    const text = hover.contents.value;
    assert.match(text, /\(function\) asyncio\.get_event_loop\(\)/);
    assert.match(text, /\*\*3\.14\*\*: `RuntimeError` when no loop is running/);
    assert.match(text, /newer than the default target Python 3\.11/);
    assert.match(text, /`asyncio\.get_running_loop\(\)`/);
    assert.match(text, /\[LOOP201\]\(file:.*get-event-loop\.md\) `get-event-loop`/);
    assert.match(text, /\[Documentation\]\(https:\/\/docs\.python\.org\/3\/library\/asyncio-eventloop\.html#asyncio\.get_event_loop\)/);
  });

  test('the module name and imported names (plain and aliased)', async () => {
    assert.match(await hoverText(client, uri, 'asyncio.get_event_loop'), /\(module\) asyncio/);
    assert.match(await hoverText(client, uri, 'import asyncio', 'import '.length), /\(module\) asyncio/);
    const gather = await hoverText(client, uri, 'gather');
    assert.match(gather, /asyncio\.gather\(\*aws, return_exceptions=False\)/);
    assert.match(gather, /TaskGroup/);
    assert.match(await hoverText(client, uri, ' TG', 1), /\(async context manager\) asyncio\.TaskGroup\(\)[\s\S]*New in Python 3\.11\./);
    assert.match(await hoverText(client, uri, 'TaskGroup as', 0), /asyncio\.TaskGroup/);
    const time = at('time as t');
    assert.equal(await client.hover(uri, time.line, time.character), null, 'the time module has no entry');
  });

  test('methods on typed values: loops from get_event_loop(), annotated parameters, tasks', async () => {
    const runUntil = await hoverText(client, uri, 'run_until_complete');
    assert.match(runUntil, /asyncio\.AbstractEventLoop\.run_until_complete\(future\)/);
    assert.match(runUntil, /LOOP203/);
    assert.match(runUntil, /asyncio-eventloop\.html#asyncio\.loop\.run_until_complete/);
    assert.match(await hoverText(client, uri, 'run_in_executor'), /asyncio\.to_thread\(func, \*args, \*\*kwargs\)/);
    assert.match(await hoverText(client, uri, 'tg.create_task', 3), /asyncio\.TaskGroup\.create_task/);
    const result = await hoverText(client, uri, 'task.result', 5);
    assert.match(result, /asyncio\.Future\.result\(\)/);
    assert.match(result, /Inherited by `asyncio\.Task`/);
  });

  test('a variable of a known class shows the class', async () => {
    assert.match(await hoverText(client, uri, 'tg.create_task'), /`tg` is an instance of `asyncio\.TaskGroup`/);
  });

  test('blocking calls: knowledge-base entries and the blocking rules’ own suggestions', async () => {
    const sleep = await hoverText(client, uri, 't.sleep', 2);
    assert.match(sleep, /\(function\) time\.sleep\(secs\)/);
    assert.match(sleep, /Blocks the thread/);
    assert.match(sleep, /\*\*Instead:\*\* Use `await asyncio\.sleep\(\.\.\.\)`/);
    assert.match(sleep, /LOOP101/);
    const getoutput = await hoverText(client, uri, 'getoutput');
    assert.match(getoutput, /\(blocking call\) subprocess\.getoutput/);
    assert.match(getoutput, /\*\*Instead:\*\* Use `await asyncio\.create_subprocess_exec/);
    assert.match(getoutput, /\[LOOP103\]/);
  });

  test('names newer than the target say so', async () => {
    assert.match(
      await hoverText(client, uri, 'q.shutdown', 2),
      /New in Python 3\.13\*\*: not available on the default target Python 3\.11/,
    );
    assert.match(await hoverText(client, uri, 'iscoroutinefunction'), /Deprecated in Python 3\.14, removal planned for 3\.16 \(newer than/);
  });

  test('nothing for unknown names, definitions and punctuation', async () => {
    for (const [needle, offset] of [
      ['x = 1', 0],
      ['def main', 4],
      ['work())', 0],
      ['(1)', 0],
    ] as const) {
      const position = at(needle, offset);
      assert.equal(await client.hover(uri, position.line, position.character), null, needle);
    }
    assert.equal(await client.hover('file:///tmp/not-open.py', 0, 0), null);
  });

  test('diagnostics link their rule documentation, which exists', async () => {
    const published = client.published.find((p) => p.uri === uri);
    assert.ok(published && published.diagnostics.length > 0);
    for (const diagnostic of published.diagnostics) {
      const href = diagnostic.codeDescription?.href;
      assert.ok(href?.startsWith('file:'), `${diagnostic.code} has no documentation link`);
      assert.ok(existsSync(fileURLToPath(href!)), href);
    }
  });
});

/** Runs `body` with a server started with these editor settings, shutting it down even when `body` fails. */
async function withServer(
  configuration: Record<string, unknown>,
  uri: string,
  body: (client: LspTestClient) => Promise<void>,
): Promise<void> {
  const client = LspTestClient.start(configuration);
  try {
    await client.initialize(true);
    await client.open(uri, SOURCE);
    await body(client);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
}

describe('hovers against a configured target', () => {
  const uri = 'file:///tmp/hover-target.py';

  test('3.10: TaskGroup is not available', () =>
    withServer({ targetVersion: '3.10' }, uri, async (client) => {
      assert.match(await hoverText(client, uri, ' TG', 1), /⚠️ \*\*New in Python 3\.11\*\*: not available on your target Python 3\.10\./);
    }));

  test('3.14: iscoroutinefunction is deprecated, get_event_loop’s 3.14 change applies', () =>
    withServer({ targetVersion: '3.14' }, uri, async (client) => {
      const deprecated = await hoverText(client, uri, 'iscoroutinefunction');
      assert.match(deprecated, /⚠️ \*\*Deprecated since Python 3\.14\*\*; removal planned for 3\.16\./);
      assert.match(deprecated, /\*\*Instead:\*\* Use `inspect\.iscoroutinefunction\(\)`/);
      assert.doesNotMatch(await hoverText(client, uri, 'asyncio.get_event_loop', 9), /newer than/);
    }));

  test('no hovers where Loopscope is disabled', () =>
    withServer({ enable: false }, uri, async (client) => {
      const position = at('asyncio.get_event_loop', 9);
      assert.equal(await client.hover(uri, position.line, position.character), null);
    }));
});
