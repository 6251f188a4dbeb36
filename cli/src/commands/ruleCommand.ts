// `loopscope rule CODE`: prints a rule's page (what it does, why, examples, fix safety), the same Markdown as
// docs/rules/<name>.md, from the rule itself.
import { parseArgs } from 'node:util';
import { INVALID_FILE, ruleMarkdown, RULES, rulesMatching, type RuleInfo } from '../../../server/engine/src';
import { UsageError } from '../usageError';

export const RULE_USAGE = `usage: loopscope rule CODE...

Prints the documentation of the rules named: a code (LOOP101), a rule name (blocking-sleep), an
equivalent code of another tool (ASYNC251) or a prefix (LOOP1: every rule in it).`;

export function ruleCommand(args: readonly string[]): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${RULE_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`missing CODE\n${RULE_USAGE}`);
  const rules: RuleInfo[] = [INVALID_FILE, ...RULES];
  const pages: string[] = [];
  for (const selector of positionals) {
    const matching = rulesMatching(selector, rules);
    if (matching.length === 0) throw new UsageError(`no rule '${selector}' (see 'loopscope rules')`);
    for (const rule of matching) pages.push(ruleMarkdown(rule).trimEnd());
  }
  process.stdout.write(`${pages.join('\n\n')}\n`);
  return 0;
}
