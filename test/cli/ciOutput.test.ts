// `loopscope lint` in CI: every --output-format, the exit-status flags, --statistics, --quiet,
// standard input, --show-files and --show-settings, run through the built CLI.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { makeProject, runCli } from './runCli';

// LOOP101 (warning, unsafe fix without a known target version) on line 4, LOOP204 (information) on line 5.
const MIXED = 'import time, asyncio\n\nasync def main():\n    time.sleep(1)\n    await asyncio.wait_for(main(), 3)\n';
const INFO_ONLY = 'import asyncio\n\nasync def main():\n    await asyncio.wait_for(main(), 3)\n';

/**
 * A project stating Python 3.11 (`requires-python`, added to its pyproject.toml): LOOP204, the information finding these
 * tests need, advises `asyncio.timeout` only where the project states a version that has it.
 */
function makeProjectFrom311(files: Record<string, string | Uint8Array>): string {
  const stated = '[project]\nrequires-python = ">=3.11"\n\n';
  const pyproject = files['pyproject.toml'];
  if (typeof pyproject !== 'string' && pyproject !== undefined) throw new Error('pyproject.toml given as bytes');
  if (pyproject?.includes('requires-python')) return makeProject(files);
  return makeProject({ ...files, 'pyproject.toml': `${stated}${pyproject ?? ''}` });
}
// asyncio.get_event_loop() in a coroutine: a safe fix.
const SAFE_FIX = 'import asyncio\n\nasync def main():\n    asyncio.get_event_loop()\n';

describe('output formats', () => {
  test('--format is --output-format; the contract formats are unchanged; a conflict is a usage error', () => {
    const root = makeProjectFrom311({ 'a.py': MIXED });
    for (const format of ['text', 'json', 'sarif']) {
      assert.equal(
        runCli(['lint', '--format', format, 'a.py'], root).stdout,
        runCli(['lint', '--output-format', format, 'a.py'], root).stdout,
      );
    }
    const conflict = runCli(['lint', '--format', 'json', '--output-format', 'sarif', 'a.py'], root);
    assert.equal(conflict.status, 2);
    assert.match(conflict.stderr, /^loopscope: --format is another name for --output-format/);
    assert.equal(runCli(['lint', '--output-format', 'xml', 'a.py'], root).status, 2);
  });

  test('concise, grouped and full', () => {
    const root = makeProjectFrom311({ 'a.py': MIXED });
    const concise = runCli(['lint', '--output-format', 'concise', 'a.py'], root);
    assert.equal(concise.status, 1);
    assert.match(concise.stdout, /^a\.py:4:5: LOOP101 `time\.sleep\(\)`/m);
    assert.doesNotMatch(concise.stdout, /\[blocking-sleep\]/);
    const grouped = runCli(['lint', '--output-format', 'grouped', 'a.py'], root).stdout;
    assert.match(grouped, /^a\.py:\n {2}4:5 LOOP101 \[blocking-sleep\] /m);
    assert.match(grouped, /^ {2}5:5 LOOP204 \[wait-for-timeout\] /m);
    const full = runCli(['lint', '--output-format', 'full', 'a.py'], root).stdout;
    assert.match(full, /^4 \| {5}time\.sleep\(1\)\n {2}\| {5}\^{13}\n {2}= unsafe fix: /m);
    assert.match(full, /^Found 2 problems in 1 file/m);
  });

  test('json and json-lines give each fix its applicability', () => {
    const root = makeProjectFrom311({ 'a.py': MIXED, 'b.py': SAFE_FIX });
    const items = JSON.parse(runCli(['lint', '--output-format', 'json', 'a.py', 'b.py'], root).stdout) as {
      code: string;
      fix: { applicability: string } | null;
    }[];
    assert.deepEqual(
      items.map((item) => [item.code, item.fix?.applicability]),
      [
        ['LOOP101', 'unsafe'],
        ['LOOP204', 'unsafe'],
        ['LOOP201', 'safe'],
      ],
    );
    const lines = runCli(['lint', '--output-format', 'json-lines', 'a.py', 'b.py'], root).stdout.trimEnd().split('\n');
    assert.deepEqual(
      lines.map((line) => JSON.parse(line) as unknown),
      items,
    );
    assert.equal(runCli(['lint', '--output-format', 'json-lines', 'b.py'], makeProject({ 'b.py': 'x = 1\n' })).stdout, '');
  });

  test('github: one workflow command per finding, its level from the severity, special characters escaped', () => {
    const root = makeProjectFrom311({ 'dir,1/a.py': MIXED });
    const result = runCli(['lint', '--output-format', 'github', 'dir,1/a.py'], root);
    assert.equal(result.status, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[0]!,
      /^::warning file=dir%2C1\/a\.py,line=4,col=5,endLine=4,endColumn=18,title=LOOP101 blocking-sleep::dir,1\/a\.py:4:5: LOOP101 /,
    );
    assert.match(lines[1]!, /^::notice file=dir%2C1\/a\.py,line=5,col=5,/);
  });

  test('gitlab: Code Quality items with stable fingerprints and project-relative paths', () => {
    const root = makeProjectFrom311({ 'src/a.py': MIXED, 'src/b.py': `${MIXED}\n\nasync def other():\n    time.sleep(1)\n` });
    const report = (cwd: string, env: Record<string, string> = {}) =>
      JSON.parse(runCli(['lint', '--output-format', 'gitlab', '.'], cwd, undefined, env).stdout) as {
        description: string;
        check_name: string;
        fingerprint: string;
        severity: string;
        location: { path: string; lines: { begin: number; end: number } };
      }[];
    const items = report(root);
    assert.deepEqual(
      items.map((item) => [item.location.path, item.location.lines.begin, item.check_name, item.severity]),
      [
        ['src/a.py', 4, 'LOOP101 blocking-sleep', 'minor'],
        ['src/a.py', 5, 'LOOP204 wait-for-timeout', 'info'],
        ['src/b.py', 4, 'LOOP101 blocking-sleep', 'minor'],
        ['src/b.py', 5, 'LOOP204 wait-for-timeout', 'info'],
        ['src/b.py', 9, 'LOOP101 blocking-sleep', 'minor'],
      ],
    );
    assert.match(items[0]!.description, /^LOOP101 `time\.sleep\(\)`/);
    assert.equal(new Set(items.map((item) => item.fingerprint)).size, items.length, 'fingerprints are unique');
    const fromSrc = report(`${root}/src`, { CI_PROJECT_DIR: root });
    assert.deepEqual(
      fromSrc.map((item) => [item.location.path, item.fingerprint]),
      items.map((item) => [item.location.path, item.fingerprint]),
      'paths and fingerprints are relative to CI_PROJECT_DIR',
    );
    const moved = makeProjectFrom311({ 'src/a.py': `# a comment\n${MIXED}` });
    assert.equal(report(moved)[0]!.fingerprint, items[0]!.fingerprint, 'a finding moved down a line keeps its fingerprint');
    assert.match(items[0]!.fingerprint, /^[0-9a-f]{32}$/);
  });

  test('junit: a test suite per file, a failure per finding, XML escaped', () => {
    const root = makeProjectFrom311({ 'a&b.py': MIXED, 'clean.py': 'x = 1\n' });
    const xml = runCli(['lint', '--output-format', 'junit', '.'], root).stdout;
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="loopscope" tests="3" failures="2" errors="0">/);
    assert.match(xml, /<testsuite name="a&amp;b\.py" tests="2" failures="2"/);
    assert.match(
      xml,
      /<testcase name="LOOP101 blocking-sleep" classname="a&amp;b\.py" file="a&amp;b\.py" line="4">\n\s+<failure message="`time\.sleep\(\)`[^"]*" type="warning">/,
    );
    assert.match(xml, /<testsuite name="clean\.py" tests="1" failures="0"[^>]*>\n\s+<testcase name="loopscope" classname="clean\.py"\/>/);
    assert.equal(xml.match(/<testsuite /g)?.length, xml.match(/<\/testsuite>/g)?.length);
  });

  test('sarif: rule summary and page text, fix applicability, helpUri only from documentation-url', () => {
    type Sarif = {
      runs: {
        tool: {
          driver: {
            rules: { id: string; helpUri?: string; shortDescription: { text: string }; help: { text: string; markdown: string } }[];
          };
        };
        results: { ruleId: string; fixes?: { properties: { applicability: string } }[] }[];
      }[];
    };
    const root = makeProjectFrom311({ 'a.py': MIXED });
    const log = JSON.parse(runCli(['lint', '--output-format', 'sarif', 'a.py'], root).stdout) as Sarif;
    const rule = log.runs[0]!.tool.driver.rules.find((entry) => entry.id === 'LOOP101')!;
    assert.equal(rule.helpUri, undefined, 'no file:// link into the install');
    assert.ok(rule.shortDescription.text.length > 0);
    assert.ok(rule.help.text.startsWith(rule.shortDescription.text));
    assert.match(rule.help.markdown, /^# blocking-sleep \(LOOP101\)/);
    assert.equal(log.runs[0]!.results[0]!.fixes![0]!.properties.applicability, 'unsafe');

    const configured = makeProjectFrom311({
      'pyproject.toml': '[tool.loopscope]\ndocumentation-url = "https://example.org/loopscope/{code}/{name}.html"\n',
      'a.py': MIXED,
    });
    const withDocs = JSON.parse(runCli(['lint', '--output-format', 'sarif', 'a.py'], configured).stdout) as Sarif;
    assert.equal(
      withDocs.runs[0]!.tool.driver.rules.find((entry) => entry.id === 'LOOP101')!.helpUri,
      'https://example.org/loopscope/LOOP101/blocking-sleep.html',
    );
    const folder = makeProjectFrom311({
      'pyproject.toml': '[tool.loopscope]\ndocumentation-url = "https://example.org/rules"\n',
      'a.py': MIXED,
    });
    const inFolder = JSON.parse(runCli(['lint', '--output-format', 'sarif', 'a.py'], folder).stdout) as Sarif;
    assert.equal(
      inFolder.runs[0]!.tool.driver.rules.find((entry) => entry.id === 'LOOP101')!.helpUri,
      'https://example.org/rules/blocking-sleep.md',
    );
  });
});

describe('exit status in CI', () => {
  test('information and hint findings are shown but pass; --fail-on lowers or raises the bar', () => {
    const root = makeProjectFrom311({ 'info.py': INFO_ONLY, 'a.py': MIXED });
    const info = runCli(['lint', 'info.py'], root);
    assert.equal(info.status, 0);
    assert.match(info.stdout, /LOOP204/);
    assert.equal(runCli(['lint', '--fail-on', 'information', 'info.py'], root).status, 1);
    assert.equal(runCli(['lint', '--fail-on', 'hint', 'info.py'], root).status, 1);
    assert.equal(runCli(['lint', '--fail-on', 'error', 'a.py'], root).status, 0);
    assert.equal(runCli(['lint', 'a.py'], root).status, 1);
    const raised = makeProjectFrom311({ 'pyproject.toml': '[tool.loopscope]\nseverity = { LOOP204 = "warning" }\n', 'info.py': INFO_ONLY });
    assert.equal(runCli(['lint', 'info.py'], raised).status, 1, 'a severity raised in the configuration fails');
    assert.equal(runCli(['lint', '--fail-on', 'fatal', 'info.py'], root).status, 2);
  });

  test('--exit-zero passes despite findings but not on errors; --exit-non-zero-on-fix fails when anything was fixed', () => {
    const root = makeProjectFrom311({ 'a.py': MIXED, 'safe.py': SAFE_FIX });
    assert.equal(runCli(['lint', '--exit-zero', 'a.py'], root).status, 0);
    assert.equal(runCli(['lint', '--exit-zero', 'missing.py'], root).status, 2);
    assert.equal(runCli(['lint', '--exit-zero', '--diff', 'safe.py'], root).status, 0);
    const fixed = runCli(['lint', '--fix', '--exit-non-zero-on-fix', 'safe.py'], root);
    assert.equal(fixed.status, 1);
    assert.match(fixed.stdout, /Fixed 1 problem in 1 file; no problems remain/);
    assert.equal(runCli(['lint', '--fix', '--exit-non-zero-on-fix', 'safe.py'], root).status, 0, 'nothing left to fix');
  });
});

describe('statistics, quiet, file lists', () => {
  test('--statistics counts findings per rule, most frequent first; as JSON with --output-format json', () => {
    const root = makeProjectFrom311({ 'a.py': `${MIXED}\nasync def other():\n    time.sleep(2)\n`, 'safe.py': SAFE_FIX });
    const text = runCli(['lint', '--statistics', '.'], root);
    assert.equal(text.status, 1);
    assert.deepEqual(text.stdout.trimEnd().split('\n'), [
      '2\tLOOP101\t    blocking-sleep',
      '1\tLOOP201\t[*] get-event-loop',
      '1\tLOOP204\t    wait-for-timeout',
    ]);
    assert.deepEqual(JSON.parse(runCli(['lint', '--statistics', '--format', 'json', '.'], root).stdout), [
      { code: 'LOOP101', name: 'blocking-sleep', count: 2, fixable: 0 },
      { code: 'LOOP201', name: 'get-event-loop', count: 1, fixable: 1 },
      { code: 'LOOP204', name: 'wait-for-timeout', count: 1, fixable: 0 },
    ]);
  });

  test('--quiet prints the findings only: no summary, no hints, no configuration warnings', () => {
    // (The broken pyproject.toml states no version: the command line does, for LOOP204's information finding.)
    const root = makeProject({ 'pyproject.toml': '[tool.loopscope\n', 'a.py': MIXED, 'clean.py': 'x = 1\n' });
    const quiet = runCli(['lint', '-q', '--target-version', '3.11', 'a.py'], root);
    assert.equal(quiet.status, 1);
    assert.equal(quiet.stdout.trimEnd().split('\n').length, 2);
    assert.equal(quiet.stderr, '');
    assert.equal(runCli(['lint', '--quiet', 'clean.py'], root).stdout, '');
  });

  test('--show-files lists what would be linted; --show-settings resolves the first file', () => {
    const root = makeProjectFrom311({
      'pyproject.toml': '[project]\nrequires-python = ">=3.11"\n\n[tool.loopscope]\nignore = ["LOOP101"]\n',
      'pkg/a.py': MIXED,
      'pkg/b.py': 'x = 1\n',
      '.venv/lib.py': 'x = 1\n',
    });
    const files = runCli(['lint', '--show-files', '.'], root);
    assert.equal(files.status, 0);
    assert.deepEqual(files.stdout.trimEnd().split('\n'), ['pkg/a.py', 'pkg/b.py']);
    const shown = JSON.parse(runCli(['lint', '--show-settings', '--extend-select', 'LOOP408', '.'], root).stdout) as {
      file: string;
      configFile: string;
      targetVersion: string;
      rules: Record<string, string>;
    };
    assert.equal(shown.file, 'pkg/a.py');
    assert.match(shown.configFile, /pyproject\.toml$/);
    assert.equal(shown.targetVersion, '3.11');
    assert.equal(shown.rules['LOOP101'], undefined);
    assert.equal(shown.rules['LOOP408'], 'warning');
    assert.equal(shown.rules['LOOP204'], 'information');
  });
});

describe('standard input', () => {
  test('--stdin-filename lints stdin as that file, with its settings', () => {
    const root = makeProject({ 'pkg/pyproject.toml': '[tool.loopscope]\nignore = ["LOOP204"]\n' });
    const result = runCli(['lint', '--stdin-filename', 'pkg/x.py', '--format', 'json'], root, MIXED);
    assert.equal(result.status, 1);
    assert.deepEqual(
      (JSON.parse(result.stdout) as { file: string; code: string }[]).map((item) => [item.file, item.code]),
      [['pkg/x.py', 'LOOP101']],
    );
    const dash = runCli(['lint', '-'], root, 'x = 1\n');
    assert.equal(dash.status, 0);
    assert.match(dash.stdout, /No asyncio problems found \(1 file checked\)/);
    assert.equal(runCli(['lint', '--stdin-filename', 'x.py', 'other.py'], root, MIXED).status, 2);
  });

  test('with --fix the fixed source goes to stdout and what remains to stderr; --diff prints the diff', () => {
    const root = makeProject({});
    const fixed = runCli(
      ['lint', '--stdin-filename', 'x.py', '--fix'],
      root,
      `${SAFE_FIX}    time.sleep(1)\n`.replace('import asyncio', 'import asyncio, time'),
    );
    assert.equal(fixed.status, 1);
    assert.equal(fixed.stdout, 'import asyncio, time\n\nasync def main():\n    asyncio.get_running_loop()\n    time.sleep(1)\n');
    assert.match(fixed.stderr, /^x\.py:5:5: LOOP101 /m);
    assert.match(fixed.stderr, /Fixed 1 problem in 1 file; 1 problem remains/);
    const clean = runCli(['lint', '--stdin-filename', 'x.py', '--fix'], root, 'x = 1\n');
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, 'x = 1\n');
    const diff = runCli(['lint', '--stdin-filename', 'x.py', '--diff'], root, SAFE_FIX);
    assert.equal(diff.status, 1);
    assert.match(diff.stdout, /^--- x\.py\n\+\+\+ x\.py\n@@ .* @@\n/);
    assert.match(diff.stdout, /^\+ {4}asyncio\.get_running_loop\(\)$/m);
  });
});

describe('SARIF against the SARIF 2.1.0 schema', () => {
  test('findings with fixes, an unreadable file, a documentation URL and a file outside the working directory all validate', () => {
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }); // the schema's language pattern is not valid with the u flag;
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'the schema rejects a driver without a name');
    const outside = makeProjectFrom311({ 'far.py': MIXED });
    const root = makeProjectFrom311({
      'pyproject.toml': '[tool.loopscope]\ndocumentation-url = "https://example.org/loopscope/{name}"\nextend-select = ["ALL"]\n',
      'a.py': MIXED,
      'b.py': SAFE_FIX,
      'binary.py': new Uint8Array([0x00, 0xff, 0x10]),
      'dir with space/ü.py': MIXED,
    });
    for (const args of [
      ['.', path.join(outside, 'far.py')],
      ['--fix', '--unsafe-fixes', 'a.py'],
    ]) {
      const result = runCli(['lint', '--output-format', 'sarif', ...args], root);
      assert.ok(result.status === 0 || result.status === 1, result.stderr);
      const log = JSON.parse(result.stdout) as unknown;
      const valid = validate(log);
      assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    }
    const log = JSON.parse(runCli(['lint', '--output-format', 'sarif', '.'], root).stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uris = log.runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('dir%20with%20space/%C3%BC.py'), uris.join(' '));
    assert.ok(log.runs[0]!.results.some((result) => result.ruleId === 'LOOP000'));
  });
});
