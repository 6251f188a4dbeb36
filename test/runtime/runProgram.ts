// Test helper: runs a Python program (a file, or source text written to a temporary folder) on the runtime
// through its library API and collects output, exit status and events.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  environmentVariables,
  startRuntime,
  type RuntimeOptions,
  type RunResult,
  type RuntimeEvent,
  type RuntimeSession,
} from '../../runtime/src/index';

export interface ProgramRun {
  stdout: string;
  stderr: string;
  status: number;
  events: RuntimeEvent[];
  result: RunResult;
}

export function writeProgram(source: string, name = 'program.py'): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'loopscope-test-'));
  const file = path.join(directory, name);
  writeFileSync(file, source);
  return file;
}

export async function runSource(
  source: string,
  options: Partial<RuntimeOptions> = {},
  during?: (session: RuntimeSession) => void,
): Promise<ProgramRun> {
  return runFile(writeProgram(source), options, during);
}

export async function runFile(
  file: string,
  options: Partial<RuntimeOptions> = {},
  during?: (session: RuntimeSession) => void,
): Promise<ProgramRun> {
  const session = startRuntime({
    program: file,
    cwd: path.dirname(file),
    env: environmentVariables(process.env),
    cacheEnv: process.env,
    stdio: 'pipe',
    maxWall: 60,
    ...options,
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const events: RuntimeEvent[] = [];
  session.onOutput(({ stream, data }) => (stream === 'stdout' ? stdout : stderr).push(Buffer.from(data)));
  session.onEvent((event) => events.push(event));
  during?.(session);
  const result = await session.run();
  return {
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
    status: result.exitStatus,
    events,
    result,
  };
}
