// `npx tsx scripts/generateSettingsSchema.ts`: rewrites `contributes.configuration` in package.json from
// the rule registry (run after adding a rule or a setting; a test fails until you do).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectedConfiguration } from './settingsSchema';

const file = path.join(__dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
manifest.contributes.configuration = expectedConfiguration();
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`updated contributes.configuration in ${path.relative(process.cwd(), file)}\n`);
