// `loopscope rules [--format text|json]`: every rule with its code, name, severity, fixability and equivalents.
import { parseArgs } from 'node:util';
import { INVALID_FILE, ruleDocumentationUrl, RULES, type RuleInfo } from '../../../server/engine/src';
import { UsageError } from '../usageError';

export const RULES_USAGE = 'usage: loopscope rules [--format text|json]';

export function rulesCommand(args: readonly string[]): number {
  const { values } = parseArgs({
    args: [...args],
    options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${RULES_USAGE}\n`);
    return 0;
  }
  const rules: RuleInfo[] = [INVALID_FILE, ...RULES];
  if (values.format === 'json') {
    const items = rules.map((rule) => ({
      code: rule.code,
      name: rule.name,
      summary: rule.summary,
      severity: rule.defaultSeverity,
      enabledByDefault: rule.enabledByDefault,
      fixable: rule.fixable,
      equivalents: rule.equivalents,
      documentation: ruleDocumentationUrl(rule),
    }));
    process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
    return 0;
  }
  if (values.format !== 'text') throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const rows = rules.map((rule) => [
    rule.code,
    rule.name,
    rule.defaultSeverity + (rule.enabledByDefault ? '' : ' (off)'),
    rule.fixable ? 'fix' : '',
    rule.equivalents.join(', '),
  ]);
  const header = ['CODE', 'NAME', 'SEVERITY', 'FIX', 'EQUIVALENTS'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  return 0;
}
