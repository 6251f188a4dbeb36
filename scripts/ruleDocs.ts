// What docs/rules/ should contain; shared by the generator and the drift test.
import path from 'node:path';
import { INVALID_FILE, ruleMarkdown, RULES, rulesIndexMarkdown } from '../server/engine/src';

export const RULE_DOCS_DIRECTORY = path.join(__dirname, '..', 'docs', 'rules');

export function expectedRuleDocs(): Map<string, string> {
  const rules = [INVALID_FILE, ...RULES];
  const files = new Map<string, string>([['README.md', rulesIndexMarkdown(rules)]]);
  for (const rule of rules) files.set(`${rule.name}.md`, ruleMarkdown(rule));
  return files;
}
