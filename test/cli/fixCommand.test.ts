// `loopscope lint --fix`, `--unsafe-fixes` and `--diff` on temporary projects: what gets written,
// what is reported afterwards, exit statuses, and files kept in their encoding and line endings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { makeProject, runCli } from './runCli';

/** Safe fixes: LOOP201 (in a coroutine) and LOOP301; unsafe: LOOP101. LOOP203 has no fix. */
const MIXED = [
  'import asyncio',
  'import time',
  '',
  'async def main():',
  '    loop = asyncio.get_event_loop()',
  '    time.sleep(1)',
  '    asyncio.create_task(work())',
  '    return loop',
  '',
  'async def work():',
  '    await asyncio.Event().wait()',
  '',
].join('\n');

const SAFE_FIXED = [
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
  '    return loop',
  '',
  'async def work():',
  '    await asyncio.Event().wait()',
  '',
].join('\n');

function read(root: string, file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}

describe('lint output marks what --fix can fix', () => {
  test('[*] on safe fixes, and a summary of fixable problems', () => {
    const root = makeProject({ 'app.py': MIXED });
    const result = runCli(['lint', 'app.py'], root);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^app\.py:5:12: LOOP201 \[\*\] \[get-event-loop\] /m);
    assert.match(result.stdout, /^app\.py:6:5: LOOP101 \[blocking-sleep\] /m);
    assert.match(result.stdout, /^\[\*\] 2 fixable with `--fix` \(1 more with `--unsafe-fixes`\)\.$/m);
    const unsafe = runCli(['lint', '--unsafe-fixes', 'app.py'], root);
    assert.match(unsafe.stdout, /^app\.py:6:5: LOOP101 \[\*\] \[blocking-sleep\] /m);
    assert.match(unsafe.stdout, /^\[\*\] 3 fixable with `--fix --unsafe-fixes`\.$/m);
    assert.equal(read(root, 'app.py'), MIXED, 'linting alone writes nothing');
  });
});

describe('--fix', () => {
  test('applies the safe fixes, writes the file, reports what remains (exit 1)', () => {
    const root = makeProject({ 'app.py': MIXED, 'clean.py': 'x = 1\n' });
    const result = runCli(['lint', '--fix', '.'], root);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(read(root, 'app.py'), SAFE_FIXED);
    assert.equal(read(root, 'clean.py'), 'x = 1\n');
    assert.match(result.stdout, /^app\.py:8:5: LOOP101 \[blocking-sleep\] /m);
    assert.doesNotMatch(result.stdout, /LOOP201|LOOP301/);
    assert.match(result.stdout, /^Fixed 2 problems in 1 file; 1 problem remains in 1 file \(1 warning\); 2 files checked\.$/m);
    assert.match(result.stdout, /^1 fixable with `--fix --unsafe-fixes`/m);
  });

  test('exit 0 when nothing remains; running it again changes nothing', () => {
    const source = ['import asyncio', '', 'async def main():', '    return asyncio.get_event_loop()', ''].join('\n');
    const root = makeProject({ 'app.py': source });
    const result = runCli(['lint', '--fix', 'app.py'], root);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^Fixed 1 problem in 1 file; no problems remain \(1 file checked\)\.$/m);
    const fixed = read(root, 'app.py');
    assert.equal(fixed, source.replace('get_event_loop', 'get_running_loop'));
    const again = runCli(['lint', '--fix', 'app.py'], root);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /^No asyncio problems found|Fixed 0 problems/m);
    assert.equal(read(root, 'app.py'), fixed);
  });

  test('--unsafe-fixes applies the unsafe fixes too', () => {
    const root = makeProject({ 'app.py': MIXED });
    const result = runCli(['lint', '--fix', '--unsafe-fixes', 'app.py'], root);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(read(root, 'app.py'), SAFE_FIXED.replace('    time.sleep(1)', '    await asyncio.sleep(1)'));
  });

  test('--format json reports the remaining problems, with fixes in the contract shape', () => {
    const root = makeProject({ 'app.py': MIXED });
    const result = runCli(['lint', '--fix', '--format', 'json', 'app.py'], root);
    assert.equal(result.status, 1);
    const items = JSON.parse(result.stdout) as { code: string; line: number; fix: { message: string; edits: unknown[] } | null }[];
    assert.deepEqual(
      items.map((item) => [item.code, item.line]),
      [['LOOP101', 8]],
    );
    assert.deepEqual(Object.keys(items[0]!.fix!), ['message', 'applicability', 'edits']);
  });

  test('keeps CRLF line endings, a UTF-8 byte order mark, and Latin-1 files as they were', () => {
    const crlf = ['import asyncio', '', 'async def f():', '    asyncio.create_task(f())', '    await asyncio.Event().wait()', ''].join(
      '\r\n',
    );
    const latin1 = Buffer.from(
      [
        '# -*- coding: latin-1 -*-',
        'import asyncio',
        '',
        'async def f():',
        '    s = "café"',
        '    return asyncio.get_event_loop()',
        '',
      ].join('\n'),
      'latin1',
    );
    const root = makeProject({
      'crlf.py': crlf,
      'bom.py': Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('import asyncio\n\nasync def f():\n    return asyncio.get_event_loop()\n'),
      ]),
      'latin.py': latin1,
    });
    const result = runCli(['lint', '--fix', '.'], root);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const fixedCrlf = read(root, 'crlf.py');
    assert.ok(fixedCrlf.includes('_background_tasks = set()\r\n'));
    assert.ok(!/[^\r]\n/.test(fixedCrlf), JSON.stringify(fixedCrlf));
    const bom = readFileSync(path.join(root, 'bom.py'));
    assert.deepEqual([...bom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(bom.toString('utf8'), /get_running_loop/);
    const latin = readFileSync(path.join(root, 'latin.py'));
    assert.ok(latin.includes(Buffer.from('caf\xe9', 'latin1')), 'still Latin-1');
    assert.match(latin.toString('latin1'), /asyncio\.get_running_loop\(\)/);
  });
});

describe('--diff', () => {
  test('prints what --fix would change as a unified diff, writes nothing, exit 1', () => {
    const root = makeProject({ 'app.py': MIXED });
    const result = runCli(['lint', '--diff', 'app.py'], root);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(read(root, 'app.py'), MIXED);
    assert.equal(
      result.stdout,
      [
        '--- app.py',
        '+++ app.py',
        '@@ -1,10 +1,14 @@',
        ' import asyncio',
        ' import time',
        ' ',
        '+_background_tasks = set()',
        '+',
        ' async def main():',
        '-    loop = asyncio.get_event_loop()',
        '+    loop = asyncio.get_running_loop()',
        '     time.sleep(1)',
        '-    asyncio.create_task(work())',
        '+    task = asyncio.create_task(work())',
        '+    _background_tasks.add(task)',
        '+    task.add_done_callback(_background_tasks.discard)',
        '     return loop',
        ' ',
        ' async def work():',
        '',
      ].join('\n'),
    );
    assert.match(result.stderr, /Would fix 2 problems in 1 file; 1 problem would remain\./);
  });

  test('with --unsafe-fixes the diff includes the unsafe fixes', () => {
    const root = makeProject({ 'app.py': MIXED });
    const result = runCli(['lint', '--diff', '--unsafe-fixes', 'app.py'], root);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^- {4}time\.sleep\(1\)$/m);
    assert.match(result.stdout, /^\+ {4}await asyncio\.sleep\(1\)$/m);
  });

  test('exit 0 and no output when there is nothing to fix', () => {
    const root = makeProject({ 'app.py': ['import time', '', 'async def f():', '    time.sleep(1)', ''].join('\n') });
    const result = runCli(['lint', '--diff', 'app.py'], root);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Would fix 0 problems in 0 files; 1 problem would remain\./);
  });

  test('cannot be combined with --format json', () => {
    const result = runCli(['lint', '--diff', '--format', 'json', '.'], makeProject({ 'a.py': 'x = 1\n' }));
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--diff/);
  });
});

describe('unified diff', () => {
  /** Applies a unified diff made by `unifiedDiff` (one file) to `before`, checking every context line. */
  function applyPatch(before: string, patch: string): string {
    const lines = before.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    const patchLines = patch.split('\n');
    const out: string[] = [];
    let consumed = 0;
    for (let i = 2; i < patchLines.length; i++) {
      const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(patchLines[i]!);
      if (!header) continue;
      const oldStart = Number(header[1]) - (header[2] === '0' ? 0 : 1);
      while (consumed < oldStart) out.push(lines[consumed++]!);
      for (i++; i < patchLines.length && !patchLines[i]!.startsWith('@@'); i++) {
        const line = patchLines[i]!;
        if (line === '') continue;
        const noNewline = patchLines[i + 1] === '\\ No newline at end of file';
        const body = line.slice(1) + (noNewline ? '' : '\n');
        if (noNewline) i++;
        if (line[0] === '+') out.push(body);
        else {
          assert.equal(lines[consumed], body, `context or deleted line ${consumed + 1} differs`);
          consumed++;
          if (line[0] === ' ') out.push(body);
        }
      }
      i--;
    }
    while (consumed < lines.length) out.push(lines[consumed++]!);
    return out.join('');
  }

  test('round-trips random edits, with and without a final newline', async () => {
    const { unifiedDiff } = await import('../../cli/src/lint/unifiedDiff');
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: Math.floor(random() * 30) }, () => `line ${Math.floor(random() * 6)}`);
      const b = [...a];
      for (let edits = Math.floor(random() * 6); edits > 0; edits--) {
        const at = Math.floor(random() * (b.length + 1));
        if (random() < 0.5 && b.length > 0) b.splice(at, 1);
        else b.splice(at, 0, `new ${Math.floor(random() * 3)}`);
      }
      const before = a.join('\n') + (random() < 0.5 ? '\n' : '');
      const after = b.join('\n') + (random() < 0.5 ? '\n' : '');
      const patch = unifiedDiff(before, after, 'f.py', 'f.py');
      if (before === after) assert.equal(patch, '');
      else assert.equal(applyPatch(before, patch), after, `round ${round}:\n${patch}`);
    }
  });
});
