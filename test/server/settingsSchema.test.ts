// The settings schema in package.json equals the rule registry: every code has a severity property,
// select/extendSelect/ignore offer exactly the selectors the server accepts, and every `[tool.loopscope]`
// key is an editor setting the server reads. Regenerate with `npx tsx scripts/generateSettingsSchema.ts`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { configurationSections, expectedConfiguration } from '../../scripts/settingsSchema';
import { BLOCKING_CALL_REGEXP, parseBlockingCallPattern } from '../../server/engine/src/linter/blockingCallPatterns';
import { INVALID_FILE } from '../../server/engine/src/linter/fileProblems';
import { rulesMatching, SEVERITIES } from '../../server/engine/src/linter/lintSettings';
import {
  DEFAULT_TARGET_VERSION,
  formatVersion,
  NEWEST_KNOWN_VERSION,
  parsePythonVersion,
} from '../../server/engine/src/linter/pythonVersion';
import { SETTINGS, settingsIn } from '../../server/engine/src/linter/settingsTable';
import { RULES } from '../../server/engine/src/rules/registry';
import { parseEditorSettings } from '../../server/src/lsp/editorSettings';

interface Property {
  type: string;
  enum?: string[];
  markdownEnumDescriptions?: string[];
  items?: Property & { pattern?: string };
  properties?: Record<string, Property & { markdownDescription: string }>;
  additionalProperties?: Property;
  scope?: string;
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: unknown };
};
/** The linter's section; the debugger's settings live in a section of their own. */
const lintSection = configurationSections(manifest.contributes.configuration).find((section) => section.title === 'Loopscope')!;
const properties = lintSection.properties as Record<string, Property>;
const rules = [INVALID_FILE, ...RULES];

describe('settings schema in package.json', () => {
  test('is generated from the current registry (run `npx tsx scripts/generateSettingsSchema.ts`)', () => {
    assert.deepEqual(lintSection, expectedConfiguration());
  });

  test('severity has one property per rule code, LOOP000 to LOOP408, each offering the four severities', () => {
    const severity = properties['loopscope.severity']!;
    assert.deepEqual(Object.keys(severity.properties!).sort(), rules.map((rule) => rule.code).sort());
    assert.ok(Object.keys(severity.properties!).includes('LOOP000') && Object.keys(severity.properties!).includes('LOOP408'));
    for (const rule of rules) {
      const property = severity.properties![rule.code]!;
      assert.deepEqual(property.enum, SEVERITIES);
      assert.ok(property.markdownDescription.includes(`\`${rule.name}\``), rule.code);
      assert.ok(property.markdownDescription.includes(rule.defaultSeverity), rule.code);
    }
    assert.deepEqual(severity.additionalProperties?.enum, SEVERITIES, 'names and prefixes are allowed as keys too');
  });

  test('select, extendSelect and ignore offer every code, name, prefix and equivalent, and nothing the server rejects', () => {
    const lists = ['loopscope.select', 'loopscope.extendSelect', 'loopscope.ignore'].map((key) => properties[key]!.items!);
    for (const items of lists.slice(1)) assert.deepEqual(items, lists[0]);
    const offered = lists[0]!.enum!;
    assert.equal(new Set(offered).size, offered.length, 'no duplicates');
    assert.equal(lists[0]!.markdownEnumDescriptions!.length, offered.length);
    const expected = new Set(['ALL', 'LOOP', 'LOOP0', 'LOOP1', 'LOOP2', 'LOOP3', 'LOOP4', 'LOOP10', 'LOOP20', 'LOOP30', 'LOOP40']);
    for (const rule of rules) for (const selector of [rule.code, rule.name, ...rule.equivalents]) expected.add(selector);
    for (const selector of expected) assert.ok(offered.includes(selector), `${selector} is offered`);
    for (const selector of offered) assert.ok(rulesMatching(selector, rules).length > 0, `the server accepts ${selector}`);
    assert.ok(!offered.includes('LOOP999') && !offered.includes('LOOP5'));
  });

  test('targetVersion offers "" (from pyproject.toml) and every version the rules know', () => {
    const versions = properties['loopscope.targetVersion']!.enum!;
    assert.equal(versions[0], '');
    for (const version of versions.slice(1)) assert.ok(parsePythonVersion(version), version);
    assert.ok(versions.includes(formatVersion(DEFAULT_TARGET_VERSION)));
    assert.equal(versions.at(-1), formatVersion(NEWEST_KNOWN_VERSION));
  });

  test('the blockingCalls pattern accepts exactly what the server parses', () => {
    assert.equal(properties['loopscope.blockingCalls']!.items!.pattern, BLOCKING_CALL_REGEXP);
    const pattern = new RegExp(BLOCKING_CALL_REGEXP);
    const samples = [
      'mydb.query',
      'mydb.query -> use mydb.aquery',
      '  legacy.* ',
      'pkg.*.fetch -> use await pkg.afetch()',
      'a->b->c',
      'mydb.',
      '.query',
      'my db.query',
      'mydb.query ->',
      '',
      '1abc.x',
    ];
    for (const sample of samples)
      assert.equal(pattern.test(sample), !('error' in parseBlockingCallPattern(sample)), JSON.stringify(sample));
  });

  test('every [tool.loopscope] key that decides the lint is an editor setting the server reads, scoped per folder', () => {
    const lintKeys = settingsIn('file').filter((name) => 'lint' in SETTINGS[name]);
    assert.deepEqual(Object.keys(properties).sort(), ['loopscope.enable', ...lintKeys.map((name) => `loopscope.${name}`)].sort());
    for (const [key, property] of Object.entries(properties)) assert.equal(property.scope, 'resource', key);
    const parsed = parseEditorSettings({
      select: ['LOOP1'],
      extendSelect: ['LOOP407'],
      ignore: ['blocking-http'],
      severity: { LOOP101: 'error' },
      targetVersion: '3.12',
      blockingCalls: ['mydb.query -> use mydb.aquery'],
      enable: false,
    });
    assert.deepEqual(parsed.warnings, []);
    assert.equal(parsed.enable, false);
    assert.deepEqual(Object.keys(parsed.lint).sort(), ['blockingCalls', 'extendSelect', 'ignore', 'select', 'severity', 'targetVersion']);
  });
});
