// `prepare` (npm runs it on `npm install` in a checkout, on `npm pack` and `npm publish`, and when installing from
// git): builds dist/ for the npm package. A global install from git (`npm install -g --install-links git+…`, and
// pre-commit's `language: node`) prepares the clone with an `npm install` that inherits --global, so the clone
// gets no devDependencies and nothing could build (npm/cli#8440; pacote's fix passes --global=false). Then this
// installs them into the clone itself, without running their scripts (the build needs none).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/esbuild/package.json')) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_config_(global|location|prefix)$/i.test(key)) delete env[key];
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  const install = ['install', '--global=false', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund'];
  console.log(`prepare: installing the build's devDependencies (${npm.at(-1)} ${install.join(' ')})`);
  const installed = spawnSync(npm[0], [...npm.slice(1), ...install], {
    stdio: 'inherit',
    env,
    shell: npm.length === 1 && process.platform === 'win32',
  });
  if (installed.status !== 0) process.exit(installed.status ?? 1);
}
const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
process.exit(build.status ?? 1);
