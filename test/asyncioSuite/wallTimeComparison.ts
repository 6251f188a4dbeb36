// The asyncio suite's speed target (issue 11): each module's wall time on the runtime within 1.5× the baseline's
// (the same tests on the same CPython with its own selector loop). Formats the table `--baseline` prints.
import type { ModuleResult } from './suiteRunner';

/** Runtime wall time over baseline wall time that a module may not exceed. */
export const WALL_TIME_TARGET = 1.5;

const COLUMNS = [28, 11, 11, 10, 11, 7] as const;

function row(cells: readonly string[], verdict = ''): string {
  return (
    cells.map((cell, i) => (i === 0 ? cell.padEnd(COLUMNS[i]!) : cell.padStart(COLUMNS[i]!))).join(' ') + (verdict ? `  ${verdict}` : '')
  );
}

export function comparisonHeader(clock: 'virtual' | 'real'): string {
  return [
    `CPython's test_asyncio: the Loopscope runtime (--clock ${clock}) against the baseline (the same CPython with its own`,
    `selector loop, self-pipe off, real time); passes/run, wall seconds, runtime/baseline (target ≤ ${WALL_TIME_TARGET}×)`,
    row(['module', 'runtime', 'baseline', 'runtime s', 'baseline s', 'ratio']),
  ].join('\n');
}

function ratio(runtimeSeconds: number, baselineSeconds: number): number {
  return baselineSeconds > 0 ? runtimeSeconds / baselineSeconds : runtimeSeconds > 0 ? Infinity : 1;
}

/** A module that ran no test on one side (it failed to import, or crashed first) has no wall time to compare. */
function comparable(runtime: ModuleResult, baseline: ModuleResult): boolean {
  return runtime.run > 0 && baseline.run > 0;
}

function verdict(value: number): string {
  return value <= WALL_TIME_TARGET ? 'ok' : `OVER ${WALL_TIME_TARGET}×`;
}

export function comparisonRow(runtime: ModuleResult, baseline: ModuleResult): string {
  const value = ratio(runtime.testSeconds, baseline.testSeconds);
  const compared = comparable(runtime, baseline);
  return row(
    [
      runtime.module,
      `${runtime.passed}/${runtime.run}`,
      `${baseline.passed}/${baseline.run}`,
      runtime.testSeconds.toFixed(2),
      baseline.testSeconds.toFixed(2),
      compared ? value.toFixed(2) : '-',
    ],
    compared ? verdict(value) : `not compared: the ${runtime.run === 0 ? 'runtime' : 'baseline'} ran no test`,
  );
}

/** The totals, how many modules miss the target, and what the wall times leave out. */
export function comparisonFooter(runtime: readonly ModuleResult[], baseline: readonly ModuleResult[]): string {
  const pairs = runtime.map((result, i) => ({ runtime: result, baseline: baseline[i]! }));
  const compared = pairs.filter((pair) => comparable(pair.runtime, pair.baseline));
  const sum = (results: readonly ModuleResult[], value: (result: ModuleResult) => number): number =>
    results.reduce((total, result) => total + value(result), 0);
  const seconds = (side: 'runtime' | 'baseline'): number =>
    sum(
      compared.map((pair) => pair[side]),
      (result) => result.testSeconds,
    );
  const runtimeSeconds = seconds('runtime');
  const baselineSeconds = seconds('baseline');
  const over = compared
    .filter((pair) => ratio(pair.runtime.testSeconds, pair.baseline.testSeconds) > WALL_TIME_TARGET)
    .map((pair) => pair.runtime.module);
  const startUp = (results: readonly ModuleResult[]): string =>
    sum(results, (result) => result.wallSeconds - result.testSeconds).toFixed(1);
  return [
    row(
      [
        'total',
        `${sum(runtime, (result) => result.passed)}/${sum(runtime, (result) => result.run)}`,
        `${sum(baseline, (result) => result.passed)}/${sum(baseline, (result) => result.run)}`,
        runtimeSeconds.toFixed(2),
        baselineSeconds.toFixed(2),
        ratio(runtimeSeconds, baselineSeconds).toFixed(2),
      ],
      over.length === 0 ? `every module compared within ${WALL_TIME_TARGET}×` : `over ${WALL_TIME_TARGET}×: ${over.join(', ')}`,
    ),
    `Wall seconds: a module's run from the driver's start to its last report (imports and tests, every attempt), without`,
    `starting or ending the interpreter (${startUp(runtime)} s on the runtime, ${startUp(baseline)} s on the baseline in all); totals: the modules compared.`,
  ].join('\n');
}
