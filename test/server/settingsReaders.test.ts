// The three readers of settings (configuration files, editor settings, command-line flags) come from one
// table: a mistake gets the same message from each, after the setting's name as that source spells it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLintOptions } from '../../cli/src/lint/lintOptions';
import { UsageError } from '../../cli/src/usageError';
import { parseLoopscopeToml } from '../../server/engine/src/linter/configFile';
import { parseEditorSettings } from '../../server/src/lsp/editorSettings';

const fileWarnings = (toml: string) => parseLoopscopeToml(toml, 'loopscope.toml').warnings;
const editorWarnings = (section: Record<string, unknown>) => parseEditorSettings(section).warnings;
function commandLineError(args: string[]): string {
  try {
    parseLintOptions(args);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  assert.fail(`no usage error for ${args.join(' ')}`);
}

describe('one message per mistake', () => {
  test('a target version that is not one', () => {
    const message = `must look like "3.12" or "py312", not 'three'`;
    assert.deepEqual(fileWarnings('target-version = "three"\n'), [`loopscope.toml: 'target-version' ${message}`]);
    assert.deepEqual(editorWarnings({ targetVersion: 'three' }), [`loopscope.targetVersion ${message}`]);
    assert.equal(commandLineError(['--target-version', 'three']), `--target-version ${message}`);
  });

  test('a severity map with a wrong level, and one that is not a map', () => {
    const entry = "entry 'LOOP101' must be one of error, warning, information, hint, not 'fatal'";
    assert.deepEqual(fileWarnings('severity = { LOOP101 = "fatal" }\n'), [`loopscope.toml: 'severity' ${entry}`]);
    assert.deepEqual(editorWarnings({ severity: { LOOP101: 'fatal' } }), [`loopscope.severity ${entry}`]);
    const shape = 'must be an object mapping rule selectors to severities (error, warning, information, hint)';
    assert.deepEqual(fileWarnings('severity = "error"\n'), [`loopscope.toml: 'severity' ${shape}`]);
    assert.deepEqual(editorWarnings({ severity: 'error' }), [`loopscope.severity ${shape}`]);
  });

  test('selector lists and blocking-call patterns', () => {
    assert.deepEqual(fileWarnings('select = [1]\n'), ["loopscope.toml: 'select' must be a list of rule codes or names"]);
    assert.deepEqual(editorWarnings({ select: [1] }), ['loopscope.select must be a list of rule codes or names']);
    const pattern = `entry 'mydb.' is not "module.function" or "module.function -> suggestion" (\`*\` matches one name part)`;
    assert.deepEqual(fileWarnings('blocking-calls = ["mydb."]\n'), [`loopscope.toml: 'blocking-calls' ${pattern}`]);
    assert.deepEqual(editorWarnings({ blockingCalls: ['mydb.'] }), [`loopscope.blockingCalls ${pattern}`]);
  });

  test('the editor treats its defaults as unset; the command line splits lists at commas', () => {
    assert.deepEqual(parseEditorSettings({ targetVersion: '', select: [], severity: {}, enable: true }), {
      enable: true,
      lint: {},
      warnings: [],
    });
    assert.deepEqual(parseLintOptions(['--select', 'LOOP1, LOOP2', '--select', 'LOOP3']).overrides, {
      select: ['LOOP1', 'LOOP2', 'LOOP3'],
    });
  });
});
