// Renders a rule's documentation (its `doc` header) as the Markdown page in docs/rules/.
import type { RuleInfo } from './rule';

export function ruleMarkdown(rule: RuleInfo): string {
  const facts = [
    `- Code: \`${rule.code}\``,
    `- Default severity: ${rule.defaultSeverity}${rule.enabledByDefault ? '' : ' (off by default: enable it with `select` or `extend-select`)'}`,
    `- Fixable: ${rule.fixable ? 'yes' : 'no'}`,
    `- Same check elsewhere: ${rule.equivalents.length > 0 ? rule.equivalents.map((code) => `\`${code}\``).join(', ') : 'none'} (\`# noqa\` with these codes suppresses it too)`,
  ];
  const sections = [
    `# ${rule.name} (${rule.code})`,
    rule.summary,
    facts.join('\n'),
    `## What it does\n\n${rule.doc.whatItDoes}`,
    `## Why is this bad?\n\n${rule.doc.whyIsThisBad}`,
    `## Example\n\n\`\`\`python\n${rule.doc.example}\n\`\`\``,
    `## Use instead\n\n\`\`\`python\n${rule.doc.useInstead}\n\`\`\``,
  ];
  if (rule.doc.fixSafety) sections.push(`## Fix safety\n\n${rule.doc.fixSafety}`);
  return `${sections.join('\n\n')}\n`;
}

export function rulesIndexMarkdown(rules: readonly RuleInfo[]): string {
  const rows = rules.map(
    (rule) =>
      `| [${rule.code}](${rule.name}.md) | ${rule.name} | ${rule.defaultSeverity}${rule.enabledByDefault ? '' : ' (off)'} | ${rule.summary.replace(/\|/g, '\\|')} |`,
  );
  return `# Loopscope rules\n\nGenerated from the rule files in \`server/engine/src/rules/\` by \`npm run docs\`; do not edit by hand.\n\n| code | name | severity | what it flags |\n|---|---|---|---|\n${rows.join('\n')}\n`;
}
