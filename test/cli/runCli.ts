// Runs the built CLI (dist/cli.js) as a user would and captures its output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI; `env` adds to (or replaces) the test process's variables. The lint cache is off unless `env` turns
 * it on (LOOPSCOPE_NO_CACHE: ''): each test's lint runs from its own temporary folder, and the cache has tests of its own.
 */
export function runCli(args: readonly string[], cwd?: string, input?: string, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    input,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', LOOPSCOPE_NO_CACHE: '1', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const projects: string[] = [];
process.on('exit', () => {
  for (const project of projects) rmSync(project, { recursive: true, force: true });
});

/** Creates a temporary folder holding `files` (path → text or bytes), removed when the tests end. */
export function makeProject(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'loopscope-cli-'));
  projects.push(root);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}
