// Every file `npm run format` formats is formatted: the check CI would otherwise leave to each contributor's memory.
// The folders are read from that script, so the two cannot drift apart.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as prettier from 'prettier';

const ROOT = path.join(__dirname, '..', '..');
const IGNORE_FILES = ['.gitignore', '.prettierignore'].map((name) => path.join(ROOT, name));

/** The paths `npm run format` passes to `prettier --write`. */
function formattedPaths(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = manifest.scripts['format']!.split(/\s+/);
  assert.equal(command, 'prettier', 'the format script should run prettier');
  return args.filter((arg) => !arg.startsWith('-'));
}

/** The files below `paths`, absolute: in a git checkout those git tracks or would (every .gitignore honoured, as test/e2e's). */
function filesBelow(paths: string[]): string[] {
  try {
    const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...paths], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return [...new Set(listed.split('\0').filter(Boolean))].map((file) => path.join(ROOT, file)).filter((file) => existsSync(file));
  } catch {
    return paths.flatMap((entry) => walk(path.join(ROOT, entry)));
  }
}

function walk(entry: string): string[] {
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry)
    .filter((name) => name !== 'node_modules')
    .flatMap((name) => walk(path.join(entry, name)));
}

/** The files below `paths` that Prettier formats (it has a parser for them, and no ignore file names them) and would change. */
async function unformatted(paths: string[], read: (file: string) => string = (file) => readFileSync(file, 'utf8')): Promise<string[]> {
  const found: string[] = [];
  for (const file of filesBelow(paths)) {
    const info = await prettier.getFileInfo(file, { ignorePath: IGNORE_FILES });
    if (info.ignored || info.inferredParser === null) continue;
    const options = await prettier.resolveConfig(file);
    if (!(await prettier.check(read(file), { ...options, filepath: file }))) found.push(path.relative(ROOT, file));
  }
  return found;
}

describe('formatting', () => {
  it('every file npm run format covers is formatted (npm run format fixes these)', async () => {
    assert.deepEqual(await unformatted(formattedPaths()), []);
  });

  it('an unformatted file is named', async () => {
    const file = path.join(ROOT, 'protocol', 'debugProtocol.ts');
    const misformatted = (name: string): string => readFileSync(name, 'utf8').replace('export const ', 'export  const ');
    assert.deepEqual(await unformatted(['protocol'], (name) => (name === file ? misformatted(name) : readFileSync(name, 'utf8'))), [
      path.join('protocol', 'debugProtocol.ts'),
    ]);
  });
});
