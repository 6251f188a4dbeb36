// The rule registry matches the contract: every catalogue code present once with its fixed name,
// documented, listed by `loopscope rules`, and docs/rules/ generated from the current rule files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../server/engine/src/rules/registry';
import { expectedRuleDocs, RULE_DOCS_DIRECTORY } from '../../scripts/ruleDocs';
import { runCli } from '../cli/runCli';

/** CONTRACT.md's rule catalogue: codes and names are fixed. */
const CATALOGUE: Record<string, string> = {
  LOOP101: 'blocking-sleep',
  LOOP102: 'blocking-http',
  LOOP103: 'blocking-subprocess',
  LOOP104: 'blocking-file-io',
  LOOP105: 'blocking-input',
  LOOP106: 'blocking-socket',
  LOOP107: 'blocking-configured-call',
  LOOP108: 'transitive-blocking',
  LOOP201: 'get-event-loop',
  LOOP202: 'ensure-future',
  LOOP203: 'manual-loop-management',
  LOOP204: 'wait-for-timeout',
  LOOP205: 'executor-partial',
  LOOP206: 'legacy-coroutine',
  LOOP207: 'deprecated-asyncio-api',
  LOOP208: 'nested-asyncio-run',
  LOOP209: 'gather-over-taskgroup',
  LOOP301: 'dangling-task',
  LOOP302: 'unawaited-coroutine',
  LOOP303: 'coroutine-in-condition',
  LOOP304: 'implicit-task-dropped',
  LOOP305: 'cancellation-swallowed',
  LOOP306: 'busy-wait',
  LOOP307: 'timeout-without-await',
  LOOP308: 'sequential-await-in-loop',
  LOOP309: 'control-flow-in-taskgroup',
  LOOP401: 'stop-iteration-in-anext',
  LOOP402: 'incomplete-async-protocol',
  LOOP403: 'wrong-async-dunder',
  LOOP404: 'sync-with-async-cm',
  LOOP405: 'sync-iteration-mismatch',
  LOOP406: 'await-outside-async',
  LOOP407: 'async-timeout-parameter',
  LOOP408: 'unused-async',
};

/** Codes added after the catalogue, none of its codes changed: issue 16 asks for an optional unused-noqa rule (Ruff's RUF100). */
const ADDED: Record<string, string> = {
  LOOP001: 'unused-noqa',
};

test('registered codes are unique and named as in the contract', () => {
  const codes = RULES.map((rule) => rule.code);
  assert.equal(new Set(codes).size, codes.length, 'duplicate codes');
  for (const rule of RULES) assert.equal(rule.name, CATALOGUE[rule.code] ?? ADDED[rule.code], `${rule.code} is named ${rule.name}`);
});

test('the whole catalogue is registered', () => {
  const missing = Object.keys(CATALOGUE).filter((code) => !RULES.some((rule) => rule.code === code));
  assert.deepEqual(missing, []);
});

test('every rule file under server/engine/src/rules is registered', () => {
  const rulesRoot = path.join(__dirname, '..', '..', 'server', 'engine', 'src', 'rules');
  const registeredNames = new Set(RULES.map((rule) => rule.name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())));
  for (const family of readdirSync(rulesRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const file of readdirSync(path.join(rulesRoot, family.name), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)) {
      const text = readFileSync(path.join(rulesRoot, family.name, file), 'utf8');
      if (!/\bcode: 'LOOP\d{3}'/.test(text)) continue; // helpers, not rules
      assert.ok(
        registeredNames.has(path.basename(file, '.ts')),
        `${family.name}/${file} defines a rule that is not registered (or is not named after it)`,
      );
    }
  }
});

test('every rule has a complete doc header and the severities the issue asks for', () => {
  for (const rule of RULES) {
    for (const part of ['whatItDoes', 'whyIsThisBad', 'example', 'useInstead'] as const) {
      assert.ok(rule.doc[part].trim().length > 20, `${rule.code} doc.${part} is empty or too short`);
    }
    assert.ok(rule.summary.length > 10, `${rule.code} summary`);
    assert.ok(rule.nodeKinds.length > 0 || rule.checkSuppressions !== undefined, `${rule.code} nodeKinds`);
  }
  const byCode = new Map(RULES.map((rule) => [rule.code, rule]));
  for (const code of ['LOOP001', 'LOOP407', 'LOOP408'])
    assert.equal(byCode.get(code)?.enabledByDefault, false, `${code} is off by default`);
  for (const code of ['LOOP209', 'LOOP308']) assert.equal(byCode.get(code)?.defaultSeverity, 'hint', `${code} is a hint`);
});

test('loopscope rules lists every registered rule', () => {
  const listed = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { code: string }[];
  assert.deepEqual(
    listed.map((rule) => rule.code),
    ['LOOP000', ...RULES.map((rule) => rule.code)],
  );
});

test('docs/rules is generated from the current rule files (run `npm run docs`)', () => {
  const expected = expectedRuleDocs();
  const actual = new Set(readdirSync(RULE_DOCS_DIRECTORY));
  assert.deepEqual([...actual].sort(), [...expected.keys()].sort());
  for (const [file, text] of expected)
    assert.equal(readFileSync(path.join(RULE_DOCS_DIRECTORY, file), 'utf8'), text, `docs/rules/${file} is stale`);
});
