// Runs modules of CPython's own test_asyncio (../shared/cpython-asyncio-tests) on the Loopscope runtime, or on the
// baseline (baselineHost.ts: the same CPython with its own loop): one process per module, each test's outcome
// read from suiteDriver.py's records, a hang pinned on the test that stopped reporting (the module then goes on
// without it).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type Outcome = 'pass' | 'fail' | 'error' | 'skip' | 'expected-failure' | 'unexpected-success' | 'hang' | 'crash';

export interface ModuleResult {
  module: string;
  /** Outcome per test id; a test with a failing subtest counts as failed. */
  tests: Record<string, Outcome>;
  passed: number;
  run: number;
  wallSeconds: number;
  /** Wall time inside the driver, from its start to its last record, summed over attempts: the module's tests
   * (and its import) without starting the interpreter. */
  testSeconds: number;
  /** Tests that stopped reporting for `hangSeconds` (killed), and tests whose process died under them. */
  hangs: string[];
  crashes: string[];
}

export interface SuiteOptions {
  suiteDir: string;
  /** 'runtime': `loopscope run`; 'baseline': bare Pyodide with CPython's own selector loop (always real time). */
  runOn?: 'runtime' | 'baseline';
  /** The runtime's clock (the baseline's is real). */
  clock: 'virtual' | 'real';
  /** Seconds without a record from the module before the running test counts as hung. */
  hangSeconds: number;
}

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const DRIVER = path.join(__dirname, 'suiteDriver.py');
const BASELINE_HOST = path.join(__dirname, 'baselineHost.ts');
/** tsx by absolute URL: the baseline's process runs in the suite's folder, which has no node_modules. */
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;
const RECORD = '\x1eLOOPSCOPE-SUITE ';
/** A module that keeps hanging or crashing is given up after this many attempts. */
const MAX_ATTEMPTS = 12;

export function defaultSuiteDir(): string {
  return process.env.LOOPSCOPE_ASYNCIO_TESTS ?? path.join(REPO, '..', 'shared', 'cpython-asyncio-tests');
}

export function suiteAvailable(suiteDir: string): boolean {
  return existsSync(path.join(suiteDir, 'test', 'test_asyncio', '__init__.py'));
}

interface Record_ {
  ready?: string;
  start?: string;
  test?: string;
  outcome?: Outcome;
  done?: string;
}

interface Attempt {
  ended: 'done' | 'hang' | 'crash';
  /** The test that had started and not reported when the attempt ended. */
  inFlight: string | undefined;
  /** Milliseconds from the driver's first record to its last. */
  testMs: number;
}

/** Runs one module (with restarts past hangs and crashes) and returns its result. */
export async function runModule(module: string, options: SuiteOptions): Promise<ModuleResult> {
  const started = performance.now();
  const tests: Record<string, Outcome> = {};
  const hangs: string[] = [];
  const crashes: string[] = [];
  let testMs = 0;
  const scratch = mkdtempSync(path.join(tmpdir(), 'loopscope-suite-'));
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const skipFile = path.join(scratch, 'skip.txt');
      writeFileSync(skipFile, Object.keys(tests).join('\n'));
      const result = await runAttempt(module, options, attempt === 0 ? undefined : skipFile, (id, outcome) => {
        // The worst outcome wins: a failing subtest fails its test even if the test reports no error itself.
        if (tests[id] === undefined || tests[id] === 'pass' || tests[id] === 'skip') tests[id] = outcome;
      });
      testMs += result.testMs;
      if (result.ended === 'done') break;
      const culprit = result.inFlight ?? `${module} (outside any test)`;
      tests[culprit] = result.ended;
      (result.ended === 'hang' ? hangs : crashes).push(culprit);
      if (result.inFlight === undefined) break;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const ids = Object.keys(tests).filter((id) => id.startsWith('test.'));
  return {
    module,
    tests,
    passed: ids.filter((id) => tests[id] === 'pass').length,
    run: ids.filter((id) => tests[id] !== 'skip').length,
    wallSeconds: (performance.now() - started) / 1000,
    testSeconds: testMs / 1000,
    hangs,
    crashes,
  };
}

function runAttempt(
  module: string,
  options: SuiteOptions,
  skipFile: string | undefined,
  report: (id: string, outcome: Outcome) => void,
): Promise<Attempt> {
  return new Promise((resolve, reject) => {
    const driverArgs = [DRIVER, options.suiteDir, module, ...(skipFile ? [skipFile] : [])];
    const args =
      options.runOn === 'baseline'
        ? ['--import', TSX_LOADER, BASELINE_HOST, ...driverArgs]
        : [CLI, 'run', '--max-wall', '0', '--clock', options.clock, ...driverArgs];
    // A writable working folder of its own, as CPython's regrtest gives each run (test support writes its TESTFN
    // files there, e.g. the Unix socket test_sock_lowlevel binds); the suite folder may be read-only.
    const cwd = mkdtempSync(path.join(tmpdir(), `asyncio-suite-${module}-`));
    // A process group of its own, so a hang is ended with everything the module started.
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    child.once('close', () => rmSync(cwd, { recursive: true, force: true }));
    let inFlight: string | undefined;
    let done = false;
    let hung = false;
    let buffered = '';
    let firstRecord: number | undefined;
    let lastRecord: number | undefined;
    let watchdog: NodeJS.Timeout | undefined;
    const rearm = (): void => {
      if (watchdog) clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        hung = true;
        killGroup(child.pid);
      }, options.hangSeconds * 1000);
    };
    rearm();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const at = line.indexOf(RECORD);
        if (at < 0) continue;
        const record = JSON.parse(line.slice(at + RECORD.length)) as Record_;
        rearm();
        lastRecord = performance.now();
        firstRecord ??= lastRecord;
        if (record.start !== undefined) inFlight = record.start;
        else if (record.test !== undefined && record.outcome !== undefined) {
          report(record.test, record.outcome);
          if (record.test === inFlight) inFlight = undefined;
        } else if (record.done !== undefined) done = true;
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      if (watchdog) clearTimeout(watchdog);
      const testMs = firstRecord !== undefined && lastRecord !== undefined ? lastRecord - firstRecord : 0;
      resolve({ ended: done ? 'done' : hung ? 'hang' : 'crash', inFlight, testMs });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
