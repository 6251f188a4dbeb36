// `npm run docs`: writes docs/rules/<name>.md for every rule, and the index, from the rule files.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectedRuleDocs, RULE_DOCS_DIRECTORY } from './ruleDocs';

mkdirSync(RULE_DOCS_DIRECTORY, { recursive: true });
const expected = expectedRuleDocs();
for (const stale of readdirSync(RULE_DOCS_DIRECTORY)) {
  if (!expected.has(stale)) rmSync(path.join(RULE_DOCS_DIRECTORY, stale));
}
for (const [file, text] of expected) writeFileSync(path.join(RULE_DOCS_DIRECTORY, file), text);
process.stdout.write(`wrote ${expected.size} files to ${path.relative(process.cwd(), RULE_DOCS_DIRECTORY)}\n`);
