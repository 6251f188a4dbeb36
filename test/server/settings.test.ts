// Settings over a real LSP connection on real folders: the nearest pyproject.toml wins and is re-read
// when it changes (workspace/didChangeWatchedFiles), invalid TOML warns and falls back to defaults, and
// `loopscope.*` editor settings take precedence key by key, `severity` maps merged.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient, type PublishedDiagnostics } from './lspClient';

const CAPABILITIES = {
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
  textDocument: { publishDiagnostics: { relatedInformation: true } },
};

/** LOOP101 on line 5, LOOP105 on line 6, LOOP207 (3.14+) on line 7. */
const SOURCE = [
  'import asyncio',
  'import time',
  '',
  'async def main():',
  '    time.sleep(1)',
  '    input()',
  '    return asyncio.iscoroutinefunction(main)',
  '',
].join('\n');

const FILE_CREATED = 1;
const FILE_CHANGED = 2;
const FILE_DELETED = 3;
const SEVERITY_NAMES = ['', 'error', 'warning', 'information', 'hint'];

const summary = (published: PublishedDiagnostics): string[] =>
  published.diagnostics.map((d) => `${d.code}:${SEVERITY_NAMES[d.severity ?? 0]}`).sort();

let root: string;
const file = (relative: string) => path.join(root, relative);
const uriOf = (relative: string) => pathToFileURL(file(relative)).href;
function write(relative: string, text: string): void {
  mkdirSync(path.dirname(file(relative)), { recursive: true });
  writeFileSync(file(relative), text);
}

before(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'loopscope-settings-'));
});

after(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('[tool.loopscope] in pyproject.toml', () => {
  let client: LspTestClient;
  const open = ['app/main.py', 'app/src/lib/sub/tool.py'];

  /** Writes (or deletes) a pyproject.toml, reports it, and returns both open files' new diagnostics. */
  async function changePyproject(relative: string, text: string | null): Promise<PublishedDiagnostics[]> {
    if (text === null) unlinkSync(file(relative));
    else write(relative, text);
    const republished = open.map((document) => client.nextDiagnostics(uriOf(document), 1));
    const change = { uri: uriOf(relative), type: text === null ? FILE_DELETED : FILE_CHANGED };
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [change] });
    return Promise.all(republished);
  }

  before(async () => {
    write('app/pyproject.toml', '[tool.loopscope]\nignore = ["LOOP105"]\n');
    write('app/main.py', SOURCE);
    write('app/src/lib/pyproject.toml', '[project]\nrequires-python = ">=3.14"\n[tool.loopscope]\nseverity = { LOOP101 = "error" }\n');
    write('app/src/lib/sub/tool.py', SOURCE);
    client = LspTestClient.start();
    await client.initializeWith(CAPABILITIES);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('the nearest pyproject.toml applies, whole: a nested one does not inherit its parent’s keys', async () => {
    assert.deepEqual(summary(await client.open(uriOf('app/main.py'), SOURCE)), ['LOOP101:warning']);
    // app/src/lib's file: LOOP105 is back (no `ignore` there), LOOP101 is an error, requires-python >=3.14 enables LOOP207.
    assert.deepEqual(summary(await client.open(uriOf('app/src/lib/sub/tool.py'), SOURCE)), [
      'LOOP101:error',
      'LOOP105:warning',
      'LOOP207:warning',
    ]);
  });

  test('is re-read when the client reports it changed', async () => {
    const [main, tool] = await changePyproject(
      'app/pyproject.toml',
      '[tool.loopscope]\nignore = ["LOOP101"]\nseverity = { blocking-input = "hint" }\n',
    );
    assert.deepEqual(summary(main!), ['LOOP105:hint']);
    assert.deepEqual(summary(tool!), ['LOOP101:error', 'LOOP105:warning', 'LOOP207:warning'], 'app/src/lib keeps its own');
  });

  test('invalid TOML: a warning, and the defaults for that folder', async () => {
    const [main] = await changePyproject('app/pyproject.toml', '[tool.loopscope\nignore = [');
    assert.deepEqual(summary(main!), ['LOOP101:warning', 'LOOP105:warning']);
    await client.waitUntil(
      () => client.loggedMessages.some((m) => m.type === 2 && m.message.includes('invalid TOML')),
      'the invalid-TOML warning',
    );
    const warning = client.loggedMessages.find((m) => m.message.includes('invalid TOML'))!;
    assert.ok(warning.message.includes(file('app/pyproject.toml')), warning.message);
  });

  test('a deleted pyproject.toml hands over to the next one up (or the defaults)', async () => {
    const [, tool] = await changePyproject('app/src/lib/pyproject.toml', null);
    // app/pyproject.toml is still invalid: defaults (target 3.11, so no LOOP207).
    assert.deepEqual(summary(tool!), ['LOOP101:warning', 'LOOP105:warning']);
  });

  test('unknown rule selectors are reported, not silently ignored', async () => {
    await changePyproject('app/pyproject.toml', '[tool.loopscope]\nignore = ["LOOP999", "blocking-slep"]\n');
    await client.waitUntil(
      () => client.loggedMessages.some((m) => m.message.includes("unknown rule selectors 'LOOP999', 'blocking-slep'")),
      'the selector warning',
    );
  });
});

describe('the configuration files the CLI reads, in the server', () => {
  let client: LspTestClient;

  before(async () => {
    write('shared/pyproject.toml', '[tool.loopscope]\nselct = ["LOOP1"]\nper-file-ignores = { "tests/*" = ["LOOP101"] }\n');
    write('shared/libs/pkg/pyproject.toml', '[project]\nname = "pkg"\nrequires-python = ">=3.14"\n');
    write('shared/loopy/loopscope.toml', 'ignore = ["blocking-input"]\n');
    client = LspTestClient.start();
    await client.initializeWith(CAPABILITIES);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('per-file-ignores apply; a pyproject.toml without our table is skipped but gives the target version; loopscope.toml counts', async () => {
    assert.deepEqual(summary(await client.open(uriOf('shared/tests/test_a.py'), SOURCE)), ['LOOP105:warning']);
    assert.deepEqual(
      summary(await client.open(uriOf('shared/libs/pkg/tests/test_b.py'), SOURCE)),
      ['LOOP101:warning', 'LOOP105:warning', 'LOOP207:warning'],
      'requires-python >=3.14 from libs/pkg/ enables LOOP207; "tests/*" is anchored at shared/, so libs/pkg/tests is not matched',
    );
    assert.deepEqual(summary(await client.open(uriOf('shared/loopy/c.py'), SOURCE)), ['LOOP101:warning']);
  });

  test('an unknown key is a warning in the server (the CLI stops on it)', async () => {
    await client.waitUntil(
      () => client.loggedMessages.some((m) => m.message.includes("unknown setting 'selct'")),
      'the unknown-key warning',
    );
    assert.equal(client.loggedMessages.filter((m) => m.message.includes("unknown setting 'selct'")).length, 1, 'once, in the log');
    assert.deepEqual(client.shownMessages, [], 'no prompt');
  });
});

describe('loopscope.* editor settings over pyproject.toml', () => {
  let client: LspTestClient;

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('set keys replace pyproject keys; severity maps merge, editor entries last; unset keys fall through', async () => {
    write(
      'project/pyproject.toml',
      '[tool.loopscope]\nignore = ["LOOP101"]\ntarget-version = "3.14"\nseverity = { LOOP1 = "information", LOOP105 = "error" }\n',
    );
    write('project/app.py', SOURCE);
    const uri = uriOf('project/app.py');
    client = LspTestClient.start({ ignore: ['LOOP207'], severity: { LOOP101: 'hint' } });
    await client.initializeWith(CAPABILITIES);
    // ignore from the editor replaces the project's (LOOP101 is back, LOOP207 goes); severity merged:
    // LOOP105 error from the project, LOOP101 hint from the editor (applied after the project's LOOP1).
    assert.deepEqual(summary(await client.open(uri, SOURCE)), ['LOOP101:hint', 'LOOP105:error']);

    // Without the editor's ignore, the project's applies again, and its target 3.14 turns LOOP207 on.
    let next = client.nextDiagnostics(uri, 1);
    await client.changeConfiguration({ severity: { LOOP101: 'hint' } });
    assert.deepEqual(summary(await next), ['LOOP105:error', 'LOOP207:warning']);

    // The editor's target version wins over the project's.
    next = client.nextDiagnostics(uri, 1);
    await client.changeConfiguration({ targetVersion: '3.12' });
    assert.deepEqual(summary(await next), ['LOOP105:error']);

    // select, extendSelect and blockingCalls from the editor (the project's `LOOP1` severity still applies).
    next = client.nextDiagnostics(uri, 1);
    await client.changeConfiguration({
      select: ['LOOP107'],
      extendSelect: ['unused-async'],
      blockingCalls: ['time.sleep -> use the async clock'],
    });
    const published = await next;
    assert.deepEqual(summary(published), ['LOOP107:information', 'LOOP408:warning']);
    assert.match(published.diagnostics.find((d) => d.code === 'LOOP107')!.message, /use the async clock/);

    // Bad values: warned about, the rest still applies.
    next = client.nextDiagnostics(uri, 1);
    await client.changeConfiguration({ select: ['LOOP105', 'LOOP5'], severity: 'error', targetVersion: 'three' });
    assert.deepEqual(summary(await next), ['LOOP105:error']);
    await client.waitUntil(
      () =>
        ['loopscope.severity must be an object', 'loopscope.targetVersion must look like', "unknown rule selector 'LOOP5'"].every((text) =>
          client.loggedMessages.some((m) => m.message.includes(text)),
        ),
      'three warnings',
    );
  });
});

describe("a monorepo root's target version, from its packages", () => {
  let client: LspTestClient;

  before(async () => {
    write('mono/pyproject.toml', '[tool.mypy]\nstrict = true\n');
    write('mono/core/pyproject.toml', '[project]\nname = "core"\nrequires-python = ">=3.14"\n');
    client = LspTestClient.start();
    await client.initializeWith(CAPABILITIES);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('the lowest version its packages declare, resolved again when a package’s pyproject.toml changes', async () => {
    const uri = uriOf('mono/tests/test_a.py');
    // The root declares none: its tests run on what core/ requires, 3.14, where LOOP207 applies.
    assert.deepEqual(summary(await client.open(uri, SOURCE)), ['LOOP101:warning', 'LOOP105:warning', 'LOOP207:warning']);

    write('mono/pool/pyproject.toml', '[project]\nname = "pool"\nrequires-python = ">=3.10"\n');
    const next = client.nextDiagnostics(uri, 1);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf('mono/pool/pyproject.toml'), type: FILE_CREATED }],
    });
    assert.deepEqual(summary(await next), ['LOOP101:warning', 'LOOP105:warning'], 'pool/ supports 3.10: the tests run there too');
  });
});
