// Code actions over a real LSP connection: the rules' fixes as quick fixes (safe ones preferred),
// "Disable LOOPnnn for this line", and "Fix all Loopscope issues in file" (safe fixes, all passes),
// honouring `context.only`; edits are applied here and the document re-linted to see them work.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient, type CodeActionResult, type LspRange, type LspTextEdit, type PublishedDiagnostics } from './lspClient';

const QUICKFIX = 'quickfix';
const FIX_ALL = 'source.fixAll.loopscope';

const SOURCE = [
  'import asyncio',
  'import time',
  '',
  'async def main():',
  '    loop = asyncio.get_event_loop()',
  '    time.sleep(1)',
  '    asyncio.create_task(work())',
  '    asyncio.create_task(work())',
  '    return loop',
  '',
  'async def work():',
  '    await asyncio.Event().wait()',
  '',
].join('\n');

function lineRange(line: number, start = 0, end = 200): LspRange {
  return { start: { line, character: start }, end: { line, character: end } };
}

function apply(text: string, edits: readonly LspTextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.py', 'python', 1, text), [...edits]);
}

function editsOf(action: CodeActionResult, uri: string): LspTextEdit[] {
  const edit = action.edit;
  assert.ok(edit, `${action.title} has no edit`);
  return edit.changes?.[uri] ?? edit.documentChanges?.find((change) => change.textDocument.uri === uri)?.edits ?? [];
}

function codes(published: PublishedDiagnostics): string[] {
  return published.diagnostics.map((diagnostic) => String(diagnostic.code));
}

describe('code actions', () => {
  let client: LspTestClient;
  let version = 1;

  before(async () => {
    client = LspTestClient.start();
    const result = await client.initialize();
    const provider = result.capabilities['codeActionProvider'] as { codeActionKinds: string[]; resolveProvider: boolean };
    assert.deepEqual(provider.codeActionKinds, [QUICKFIX, FIX_ALL]);
    // This client cannot resolve an action's edit later: "Fix all" comes with its edit.
    assert.equal(provider.resolveProvider, false);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  /** Replaces the document's text and waits for its diagnostics. */
  async function edit(uri: string, text: string): Promise<PublishedDiagnostics> {
    version++;
    return client.change(uri, version, [{ text }]);
  }

  test('a safe fix is a preferred quick fix that makes the diagnostic go away', async () => {
    const uri = 'file:///tmp/actions/safe.py';
    const published = await client.open(uri, SOURCE);
    const diagnostic = published.diagnostics.find((d) => d.code === 'LOOP201')!;
    const actions = (await client.codeActions(uri, lineRange(4, 15, 15), { diagnostics: [diagnostic] }))!;
    const fix = actions.find((action) => action.title.includes('get_running_loop'))!;
    assert.equal(fix.kind, QUICKFIX);
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [diagnostic], 'the action names the diagnostic the client sent');
    const fixed = apply(SOURCE, editsOf(fix, uri));
    assert.match(fixed, /loop = asyncio\.get_running_loop\(\)/);
    assert.ok(!codes(await edit(uri, fixed)).includes('LOOP201'));
  });

  test('an unsafe fix is offered, not preferred, and says it is unsafe', async () => {
    const uri = 'file:///tmp/actions/unsafe.py';
    await client.open(uri, SOURCE);
    const actions = (await client.codeActions(uri, lineRange(5, 6, 6)))!;
    const fix = actions.find((action) => action.title.includes('asyncio.sleep'))!;
    assert.match(fix.title, /\(LOOP101, unsafe fix\)/);
    assert.equal(fix.isPreferred, false);
    assert.equal(fix.diagnostics?.[0]?.code, 'LOOP101');
    assert.match(apply(SOURCE, editsOf(fix, uri)), /^ {4}await asyncio\.sleep\(1\)$/m);
  });

  test('only the diagnostics in the range get actions', async () => {
    const uri = 'file:///tmp/actions/range.py';
    await client.open(uri, SOURCE);
    const actions = (await client.codeActions(uri, lineRange(6), { triggerKind: 2 }))!;
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Keep the task in a module-level set (`_background_tasks`) until it is done (LOOP301)', 'Disable LOOP301 for this line'],
    );
    assert.deepEqual(await client.codeActions(uri, lineRange(2), { triggerKind: 2 }), []);
  });

  test('a diagnostic’s actions are offered anywhere on its line, not only on the flagged span', async () => {
    const uri = 'file:///tmp/actions/line.py';
    await client.open(uri, SOURCE);
    const titles = async (range: LspRange): Promise<string[]> =>
      (await client.codeActions(uri, range, { only: [QUICKFIX] }))!.map((action) => action.title);
    const expected = [
      'Keep the task in a module-level set (`_background_tasks`) until it is done (LOOP301)',
      'Disable LOOP301 for this line',
    ];
    // Neovim and Helix send the cursor alone: in the indentation, or past the end of the call.
    assert.deepEqual(await titles(lineRange(6, 0, 0)), expected);
    assert.deepEqual(await titles(lineRange(6, 31, 31)), expected);
    // A selection of whole lines ends at column 0 of the next line, which it does not take in.
    assert.deepEqual(await titles({ start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }), [
      'Replace with `await asyncio.sleep(...)` (LOOP101, unsafe fix)',
      'Disable LOOP101 for this line',
    ]);
  });

  test('"Disable LOOPnnn for this line" appends a noqa comment, or extends an existing one', async () => {
    const uri = 'file:///tmp/actions/noqa.py';
    const text = ['import time', '', 'async def f():', '    time.sleep(1)   ', '    time.sleep(2)  # noqa: ASYNC100', ''].join('\n');
    await client.open(uri, text);
    const first = (await client.codeActions(uri, lineRange(3)))!.find((action) => action.title === 'Disable LOOP101 for this line')!;
    assert.equal(first.kind, QUICKFIX);
    let fixed = apply(text, editsOf(first, uri));
    assert.equal(fixed.split('\n')[3], '    time.sleep(1)  # noqa: LOOP101');
    const second = (await client.codeActions(uri, lineRange(4)))!.find((action) => action.title === 'Disable LOOP101 for this line')!;
    fixed = apply(fixed, editsOf(second, uri));
    assert.equal(fixed.split('\n')[4], '    time.sleep(2)  # noqa: ASYNC100, LOOP101');
    assert.deepEqual(codes(await edit(uri, fixed)), []);
  });

  test('the noqa comment never lands inside a multi-line string', async () => {
    const uri = 'file:///tmp/actions/noqa-string.py';
    const text = ['import requests', '', 'async def f():', '    requests.post("https://example.org", data="""', 'payload', '""")', ''].join(
      '\n',
    );
    await client.open(uri, text);
    const action = (await client.codeActions(uri, lineRange(3)))!.find((candidate) => candidate.title === 'Disable LOOP102 for this line')!;
    const fixed = apply(text, editsOf(action, uri));
    assert.equal(fixed.split('\n')[5], '""")  # noqa: LOOP102');
    assert.deepEqual(codes(await edit(uri, fixed)), []);
  });

  test('fix all applies every safe fix, over several passes, and leaves the unsafe ones', async () => {
    const uri = 'file:///tmp/actions/fixall.py';
    await client.open(uri, SOURCE);
    const actions = (await client.codeActions(uri, lineRange(0, 0, 0), { only: ['source.fixAll'] }))!;
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind]),
      [['Fix all Loopscope issues in file', FIX_ALL]],
    );
    const fixed = apply(SOURCE, editsOf(actions[0]!, uri));
    assert.equal(
      fixed,
      [
        'import asyncio',
        'import time',
        '',
        '_background_tasks = set()',
        '',
        'async def main():',
        '    loop = asyncio.get_running_loop()',
        '    time.sleep(1)',
        '    task = asyncio.create_task(work())',
        '    _background_tasks.add(task)',
        '    task.add_done_callback(_background_tasks.discard)',
        // The second pass finds `task` taken and picks another name.
        '    background_task = asyncio.create_task(work())',
        '    _background_tasks.add(background_task)',
        '    background_task.add_done_callback(_background_tasks.discard)',
        '    return loop',
        '',
        'async def work():',
        '    await asyncio.Event().wait()',
        '',
      ].join('\n'),
    );
    assert.deepEqual(codes(await edit(uri, fixed)), ['LOOP101']);
  });

  test('context.only is honoured; fix all is not computed for automatic lightbulb requests', async () => {
    const uri = 'file:///tmp/actions/only.py';
    await client.open(uri, SOURCE);
    const kinds = async (context: { only?: string[]; triggerKind?: number }): Promise<string[]> =>
      [...new Set(((await client.codeActions(uri, lineRange(4), context)) ?? []).map((action) => action.kind!))].sort();
    assert.deepEqual(await kinds({ only: ['source'] }), [FIX_ALL]);
    assert.deepEqual(await kinds({ only: [QUICKFIX] }), [QUICKFIX]);
    assert.deepEqual(await kinds({ only: ['refactor'] }), []);
    assert.deepEqual(await kinds({ triggerKind: 1 }), [QUICKFIX, FIX_ALL]);
    assert.deepEqual(await kinds({ triggerKind: 2 }), [QUICKFIX]);
  });

  test('no fix-all action when nothing safe can be fixed', async () => {
    const uri = 'file:///tmp/actions/nothing.py';
    await client.open(uri, ['import time', '', 'async def f():', '    time.sleep(1)', ''].join('\n'));
    assert.deepEqual(await client.codeActions(uri, lineRange(0), { only: [FIX_ALL] }), []);
  });

  test('edits use UTF-16 columns (Korean, emoji)', async () => {
    const uri = 'file:///tmp/actions/unicode.py';
    const text = [
      'import asyncio',
      '',
      'async def 작업():',
      '    s = "😀한"; loop = asyncio.get_event_loop()',
      '    return s, loop',
      '',
    ].join('\n');
    await client.open(uri, text);
    const fix = (await client.codeActions(uri, lineRange(3)))!.find((action) => action.isPreferred)!;
    assert.deepEqual(editsOf(fix, uri), [
      { range: { start: { line: 3, character: 30 }, end: { line: 3, character: 44 } }, newText: 'get_running_loop' },
    ]);
    assert.deepEqual(codes(await edit(uri, apply(text, editsOf(fix, uri)))), []);
  });

  test('CRLF documents: fix all keeps CRLF', async () => {
    const uri = 'file:///tmp/actions/crlf.py';
    const text = ['import asyncio', '', 'async def f():', '    asyncio.create_task(f())', '    await asyncio.Event().wait()', ''].join(
      '\r\n',
    );
    await client.open(uri, text);
    const [fixAll] = (await client.codeActions(uri, lineRange(0), { only: [FIX_ALL] }))!;
    const fixed = apply(text, editsOf(fixAll!, uri));
    assert.ok(!/[^\r]\n/.test(fixed), JSON.stringify(fixed));
    assert.deepEqual(codes(await edit(uri, fixed)), []);
  });
});

describe('code actions with versioned document changes', () => {
  let client: LspTestClient;

  before(async () => {
    client = LspTestClient.start();
    await client.initializeWith({ workspace: { workspaceEdit: { documentChanges: true } } });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('edits name the document version they apply to', async () => {
    const uri = 'file:///tmp/actions/versioned.py';
    await client.open(uri, SOURCE, 7);
    const [fix] = (await client.codeActions(uri, lineRange(4), { only: [QUICKFIX] }))!;
    assert.equal(fix!.edit?.changes, undefined);
    assert.deepEqual(fix!.edit?.documentChanges?.[0]?.textDocument, { uri, version: 7 });
  });
});

describe('fix all for clients that resolve an action when it is picked', () => {
  let client: LspTestClient;

  before(async () => {
    client = LspTestClient.start();
    const result = await client.initializeWith({
      textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } },
      workspace: { workspaceEdit: { documentChanges: true } },
    });
    assert.equal((result.capabilities['codeActionProvider'] as { resolveProvider: boolean }).resolveProvider, true);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  async function fixAllAction(uri: string): Promise<CodeActionResult> {
    const actions = (await client.codeActions(uri, lineRange(0), { only: [FIX_ALL] }))!;
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.edit, undefined, 'the passes run only when the action is picked');
    return actions[0]!;
  }

  test('the action comes without its edit; resolving it fixes the file as the eager action does', async () => {
    const uri = 'file:///tmp/resolve/fixall.py';
    await client.open(uri, SOURCE, 3);
    const resolved = await client.resolveCodeAction(await fixAllAction(uri));
    assert.equal(resolved.title, 'Fix all Loopscope issues in file');
    assert.deepEqual(resolved.edit?.documentChanges?.[0]?.textDocument, { uri, version: 3 });
    const fixed = apply(SOURCE, editsOf(resolved, uri));
    assert.match(fixed, /^_background_tasks = set\(\)$/m);
    assert.match(fixed, /^ {4}background_task = asyncio\.create_task\(work\(\)\)$/m);
    assert.deepEqual(codes(await client.change(uri, 4, [{ text: fixed }])), ['LOOP101']);
  });

  test('an action resolved after the document changed fixes the text as it is then', async () => {
    const uri = 'file:///tmp/resolve/changed.py';
    await client.open(uri, SOURCE, 1);
    const action = await fixAllAction(uri);
    const changed = SOURCE.replace('    asyncio.create_task(work())\n', '');
    await client.change(uri, 2, [{ text: changed }]);
    const resolved = await client.resolveCodeAction(action);
    assert.deepEqual(resolved.edit?.documentChanges?.[0]?.textDocument, { uri, version: 2 });
    const fixed = apply(changed, editsOf(resolved, uri));
    assert.match(fixed, /^ {4}task = asyncio\.create_task\(work\(\)\)$/m);
    assert.doesNotMatch(fixed, /background_task =/);
  });

  test('an action resolved after its document was closed is answered "content modified"', async () => {
    const uri = 'file:///tmp/resolve/closed.py';
    await client.open(uri, SOURCE);
    const action = await fixAllAction(uri);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await assert.rejects(client.resolveCodeAction(action), (error: { code?: number }) => error.code === -32801);
  });
});

describe('LOOP001 unused-noqa in the editor', () => {
  test('flags a `# noqa` that suppresses nothing, faded, with a quick fix removing it', async (t) => {
    const client = LspTestClient.start();
    t.after(async () => assert.equal(await client.shutdown(), 0));
    // Enabled the way Neovim users pass settings: initializationOptions.
    await client.initializeWith({}, undefined, { extendSelect: ['unused-noqa'] });
    const uri = 'file:///tmp/actions/unused-noqa.py';
    const text = [
      'import asyncio',
      '',
      '',
      'async def main():',
      '    # noqa: LOOP101',
      '    await asyncio.sleep(1)  # noqa: LOOP101',
      '',
    ].join('\n');
    const published = await client.open(uri, text);
    assert.deepEqual(
      published.diagnostics.map((d) => `${d.range.start.line}:${d.code}`),
      ['4:LOOP001', '5:LOOP001'],
    );
    const UNNECESSARY = 1;
    assert.deepEqual((published.diagnostics[1] as { tags?: number[] }).tags, [UNNECESSARY]);
    const actions = (await client.codeActions(uri, lineRange(5, 0, 0), { only: [QUICKFIX] }))!;
    const fix = actions.find((action) => action.title === 'Remove the unused `noqa` directive (LOOP001)')!;
    assert.equal(fix.isPreferred, true);
    const fixed = apply(text, editsOf(fix, uri));
    assert.equal(fixed.split('\n')[5], '    await asyncio.sleep(1)');
    // Fix all removes the comment line too.
    const all = (await client.codeActions(uri, lineRange(0), { only: [FIX_ALL] }))!;
    const cleaned = apply(text, editsOf(all[0]!, uri));
    assert.equal(cleaned, ['import asyncio', '', '', 'async def main():', '    await asyncio.sleep(1)', ''].join('\n'));
    assert.deepEqual(codes(await client.change(uri, 2, [{ text: cleaned }])), []);
  });
});
