// The rule registry matches the contract: every code of CONTRACT.md's catalogue (read from the contract, the only
// written catalogue) present once with its fixed name, each rule in a file of its own named after it beside its
// family's index.ts (helpers in the family's support/), documented, listed by `loopscope rules`, and docs/rules/
// generated from the current rule files.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Rule } from '../../server/engine/src/linter/rule';
import { RULES } from '../../server/engine/src/rules/registry';
import { expectedRuleDocs, RULE_DOCS_DIRECTORY } from '../../scripts/ruleDocs';
import { runCli } from '../cli/runCli';

const REPOSITORY = path.join(__dirname, '..', '..');
const RULES_ROOT = path.join(REPOSITORY, 'server', 'engine', 'src', 'rules');
/** The contract sits beside the repository (the shared folder of the checkouts), not in it. */
const CONTRACT = path.join(REPOSITORY, '..', 'shared', 'CONTRACT.md');
/** The folder of a family that holds what its rules share; it holds no rule. */
const SUPPORT = 'support';

/**
 * CONTRACT.md's rule catalogue, code → name: the rows of the table under "## Rule catalogue", whose
 * first two columns are the code and the name. Undefined when the contract is not beside the repository.
 */
function contractCatalogue(): Record<string, string> | undefined {
  if (!existsSync(CONTRACT)) return undefined;
  const text = readFileSync(CONTRACT, 'utf8');
  const section = /^## Rule catalogue\b.*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(text)?.[1];
  assert.ok(section, `${CONTRACT} has no "## Rule catalogue" section`);
  const rows = section.split('\n').filter((line) => line.startsWith('|'));
  assert.match(rows[0] ?? '', /^\|\s*code\s*\|\s*name\s*\|/, "the catalogue table's first columns are code and name");
  const catalogue: Record<string, string> = {};
  for (const row of rows.slice(2)) {
    const [code, name] = row
      .split('|')
      .slice(1, 3)
      .map((cell) => cell.trim());
    assert.match(code ?? '', /^LOOP\d{3}$/, `catalogue row: ${row}`);
    assert.match(name ?? '', /^[a-z]+(-[a-z]+)*$/, `catalogue row: ${row}`);
    assert.equal(catalogue[code!], undefined, `${code} is twice in the catalogue`);
    catalogue[code!] = name!;
  }
  assert.ok(Object.keys(catalogue).length > 0, 'the catalogue table has no rows');
  return catalogue;
}

const CATALOGUE = contractCatalogue();
const NO_CONTRACT = CATALOGUE === undefined && `no contract at ${CONTRACT}`;

/** Codes added after the catalogue, none of its codes changed: issue 16 asks for an optional unused-noqa rule (Ruff's RUF100). */
const ADDED: Record<string, string> = {
  LOOP001: 'unused-noqa',
};

test('registered codes are unique and named as in the contract', { skip: NO_CONTRACT }, () => {
  const codes = RULES.map((rule) => rule.code);
  assert.equal(new Set(codes).size, codes.length, 'duplicate codes');
  for (const code of Object.keys(ADDED)) assert.equal(CATALOGUE?.[code], undefined, `${code} is in the contract now: drop it from ADDED`);
  for (const rule of RULES) assert.equal(rule.name, CATALOGUE?.[rule.code] ?? ADDED[rule.code], `${rule.code} is named ${rule.name}`);
});

test('the whole catalogue is registered', { skip: NO_CONTRACT }, () => {
  const missing = Object.keys(CATALOGUE ?? {}).filter((code) => !RULES.some((rule) => rule.code === code));
  assert.deepEqual(missing, []);
});

/** Whether a value has a rule's shape: a LOOP code and a check; registered or not. */
function isRuleShaped(value: unknown): value is Rule {
  if (typeof value !== 'object' || value === null || !('code' in value)) return false;
  const { code } = value;
  return typeof code === 'string' && /^LOOP\d{3}$/.test(code) && ('check' in value || 'checkSuppressions' in value);
}

/** The rules (rule-shaped values) a module exports. */
function rulesExportedBy(file: string): Rule[] {
  return Object.values(require(file) as Record<string, unknown>).filter(isRuleShaped);
}

test('a family folder holds its rules, one per file named after it, its index.ts, and support/ with no rule', () => {
  const fileOf = (name: string): string => `${name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())}.ts`;
  const filed = new Set<Rule>();
  for (const family of readdirSync(RULES_ROOT, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    const folder = path.join(RULES_ROOT, family.name);
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const where = `rules/${family.name}/${entry.name}`;
      if (entry.isDirectory()) {
        assert.equal(entry.name, SUPPORT, `${where}: a family's only folder is ${SUPPORT}/`);
        for (const helper of readdirSync(path.join(folder, entry.name))) {
          const rules = rulesExportedBy(path.join(folder, entry.name, helper));
          assert.deepEqual(
            rules.map((rule) => rule.code),
            [],
            `${where}/${helper} defines a rule: rules sit beside index.ts`,
          );
        }
        continue;
      }
      if (entry.name === 'index.ts') continue;
      const rules = rulesExportedBy(path.join(folder, entry.name));
      assert.equal(rules.length, 1, `${where} defines ${rules.length} rules, not one; a helper goes to ${family.name}/${SUPPORT}/`);
      const rule = rules[0]!;
      assert.ok(RULES.includes(rule), `${where} defines ${rule.code}, which is not registered (its family's index.ts)`);
      assert.equal(entry.name, fileOf(rule.name), `${where} holds ${rule.code} ${rule.name}: name the file after the rule`);
      filed.add(rule);
    }
  }
  const unfiled = RULES.filter((rule) => !filed.has(rule)).map((rule) => rule.code);
  assert.deepEqual(unfiled, [], 'registered rules with no file of their own beside their family index.ts');
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
