// `npm run screenshots` (after `npm run test:e2e`): copies the e2e suite's pictures that the README shows from
// test/e2e/artifacts/ into images/screenshots/, which is committed and packaged (the README in VS Code's
// extension page loads them from the installed extension).
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const FROM = path.join(ROOT, 'test', 'e2e', 'artifacts');
const TO = path.join(ROOT, 'images', 'screenshots');

/** README picture ← e2e artifact (test/e2e/debugging.e2e.ts and trustedWorkspace.e2e.ts take them). */
const CHOSEN: Record<string, string> = {
  'debugging.png': 'debug-paused.png',
  'task-tree.png': 'task-tree.png',
  'call-graph.png': 'call-graph.png',
  'timeline.png': 'timeline.png',
  'timeline-steps.png': 'timeline-steps.png',
  'problems.png': 'trusted-problems.png',
};

mkdirSync(TO, { recursive: true });
const missing = Object.values(CHOSEN).filter((artifact) => !existsSync(path.join(FROM, artifact)));
if (missing.length) {
  console.error(`missing in ${path.relative(ROOT, FROM)}: ${missing.join(', ')} — run \`npm run test:e2e\` first`);
  process.exit(2);
}
for (const [picture, artifact] of Object.entries(CHOSEN)) {
  copyFileSync(path.join(FROM, artifact), path.join(TO, picture));
  console.log(`images/screenshots/${picture} ← test/e2e/artifacts/${artifact}`);
}
