// What every e2e scenario shares: the prepared environment, the packaged .vsix, the artifacts folder, a
// Chromium launcher, and the oracle for expected problems (the CLI linting the same files).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { prepareE2eEnvironment, type E2eEnvironment } from './e2eEnvironment';

export const REPO_ROOT = path.join(__dirname, '..', '..', '..');
export const WORKSPACE_FIXTURE = path.join(REPO_ROOT, 'test', 'e2e', 'workspace');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'artifacts');

export interface E2eSuite {
  environment: E2eEnvironment;
  vsixPath: string;
}

/**
 * The runner (test/e2e/run.ts) prepares and packages once and passes the .vsix in LOOPSCOPE_E2E_VSIX; a
 * scenario file run on its own does both itself.
 */
export function e2eSuite(): E2eSuite {
  const environment = prepareE2eEnvironment((line) => console.log(`e2e: ${line}`));
  return { environment, vsixPath: process.env.LOOPSCOPE_E2E_VSIX ?? packageExtension() };
}

/** `npm run package`; returns the .vsix it wrote. */
export function packageExtension(): string {
  const { name, version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsixPath = path.join(REPO_ROOT, `${name}-${version}.vsix`);
  const result = spawnSync('npm', ['run', 'package', '--silent'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0 || !existsSync(vsixPath)) {
    throw new Error(`npm run package failed:\n${result.stdout}\n${result.stderr}`);
  }
  return vsixPath;
}

export function launchChromium(environment: E2eEnvironment): Promise<Browser> {
  return chromium.launch({
    executablePath: environment.chromiumPath,
    // Root cannot use the sandbox; the rest keeps Chromium off a network this machine does not have.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 60_000,
  });
}

export interface ExpectedProblem {
  file: string;
  line: number;
  column: number;
  code: string;
}

/**
 * What the Problems panel should list for `files` of `workspace`: the CLI's findings, less hints (VS Code
 * shows hints in the editor only, not in the Problems panel).
 */
export function expectedProblems(workspace: string, files: readonly string[]): ExpectedProblem[] {
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'lint', ...files, '--format', 'json'], { cwd: workspace, encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) throw new Error(`loopscope lint failed (${result.status}):\n${result.stderr}`);
  const findings = JSON.parse(result.stdout) as { file: string; line: number; column: number; code: string; severity: string }[];
  return findings
    .filter((finding) => finding.severity !== 'hint')
    .map((finding) => ({ file: path.basename(finding.file), line: finding.line, column: finding.column, code: finding.code }));
}

/** A problem as `file:line:column CODE`, for comparing sets. */
export function problemKey(problem: ExpectedProblem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.code}`;
}
