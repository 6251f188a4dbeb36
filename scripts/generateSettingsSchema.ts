// `npx tsx scripts/generateSettingsSchema.ts`: rewrites the linter's section of `contributes.configuration` in
// package.json from the rule registry (run after adding a rule or a setting; a test fails until you do). The
// other sections (the debugger's) are written by hand and kept as they are.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configurationSections, expectedConfiguration } from './settingsSchema';

const file = path.join(__dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
const sections = configurationSections(manifest.contributes.configuration);
const linter = expectedConfiguration();
const index = sections.findIndex((section) => section.title === linter.title);
if (index >= 0) sections[index] = linter;
else sections.unshift(linter);
manifest.contributes.configuration = sections;
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`updated contributes.configuration in ${path.relative(process.cwd(), file)}\n`);
