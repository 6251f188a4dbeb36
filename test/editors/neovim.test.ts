// The README's Neovim set-up, run: a headless Neovim (when `nvim` is installed; Debian's is 0.7) opens a
// Python file with Loopscope configured through the built-in LSP client exactly as the README says, and
// gets diagnostics (with the README's initialization options applied), a hover and a code action that fixes
// the line. The Lua that drives Neovim is neovimSession.lua; Loopscope runs as `loopscope server` from dist/.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const REPOSITORY = path.join(__dirname, '..', '..');
const NVIM_MISSING = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).error !== undefined;

/** The Python file Neovim opens: LOOP101 on line 6, and on line 7 a `# noqa` LOOP001 (turned on by the README's init_options) flags. */
const SOURCE = [
  'import asyncio',
  'import time',
  '',
  '',
  'async def main():',
  '    time.sleep(1)',
  '    await asyncio.sleep(1)  # noqa: LOOP105',
  '',
].join('\n');

interface SeenDiagnostic {
  line: number;
  code: string;
  severity: number;
  source: string;
  message: string;
}

interface SessionResult {
  version: { major: number; minor: number; patch: number };
  error?: string;
  clients?: string[];
  diagnostics?: SeenDiagnostic[];
  hover?: string;
  actions?: string[];
  relinted?: boolean;
  after?: SeenDiagnostic[];
  lines?: string[];
}

/** The first Lua block of the README's Neovim section: the set-up users copy. */
function readmeNeovimSetup(): string {
  const readme = readFileSync(path.join(REPOSITORY, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Neovim'));
  const block = /```lua\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'README.md has a Lua block under ### Neovim');
  return block[1]!;
}

test(
  'Neovim with the README set-up: diagnostics, a hover and a code action from loopscope server',
  {
    skip: NVIM_MISSING ? 'nvim is not installed (Debian: apt-get install neovim); this test drives a headless Neovim' : false,
    timeout: 180_000,
  },
  async (t) => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'loopscope-neovim-'));
    t.after(() => rmSync(root, { recursive: true, force: true }));
    // `loopscope` on PATH, as an installed package gives it.
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'loopscope'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(REPOSITORY, 'dist', 'cli.js')}" "$@"\n`);
    chmodSync(path.join(bin, 'loopscope'), 0o755);
    const project = path.join(root, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'pyproject.toml'), '[project]\nname = "demo"\nrequires-python = ">=3.11"\n');
    writeFileSync(path.join(project, 'app.py'), SOURCE);
    writeFileSync(path.join(root, 'init.lua'), readmeNeovimSetup());
    const resultFile = path.join(root, 'result.json');

    // A Neovim with no user configuration or plugins: its own folders under the temporary root.
    const home = (name: string): string => path.join(root, 'home', name);
    const nvim = spawn(
      'nvim',
      [
        '--headless',
        '-n',
        '-i',
        'NONE',
        '-u',
        path.join(root, 'init.lua'),
        '-c',
        `luafile ${path.join(__dirname, 'neovimSession.lua')}`,
        'app.py',
      ],
      {
        cwd: project,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}`,
          XDG_CONFIG_HOME: home('config'),
          XDG_DATA_HOME: home('data'),
          XDG_STATE_HOME: home('state'),
          XDG_CACHE_HOME: home('cache'),
          LOOPSCOPE_NVIM_RESULT: resultFile,
        },
      },
    );
    let output = '';
    nvim.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    nvim.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => nvim.kill('SIGKILL'), 150_000);
    const status = await new Promise<number | null>((resolve) => nvim.once('exit', (code) => resolve(code)));
    clearTimeout(killer);
    assert.equal(status, 0, `nvim exited with ${status}: ${output}`);
    const seen = JSON.parse(readFileSync(resultFile, 'utf8')) as SessionResult;
    assert.equal(seen.error, undefined, `${seen.error}\n${output}`);
    t.diagnostic(`Neovim ${seen.version.major}.${seen.version.minor}.${seen.version.patch}`);

    assert.deepEqual(seen.clients, ['loopscope']);
    const WARNING = 2;
    assert.deepEqual(
      seen.diagnostics!.map((d) => `${d.line}:${d.code}:${d.severity}:${d.source}`),
      [`5:LOOP101:${WARNING}:loopscope`, `6:LOOP001:${WARNING}:loopscope`],
      'LOOP001 is off by default: the README’s init_options turned it on',
    );
    assert.match(seen.hover ?? '', /time\.sleep\(secs\)[\s\S]*\*\*Blocks the thread\*\*/);
    assert.ok(seen.actions!.includes('Disable LOOP101 for this line'), seen.actions!.join('\n'));
    assert.equal(seen.relinted, true, 'LOOP101 went away after the fix');
    assert.equal(seen.lines![5], '    await asyncio.sleep(1)');
    assert.deepEqual(
      seen.after!.map((d) => `${d.line}:${d.code}`),
      ['6:LOOP001'],
    );
  },
);
