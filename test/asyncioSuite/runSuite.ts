// `npm run asyncio-suite [-- MODULE… --clock real --baseline --repeat N --out FILE --hang S --jobs N --all]`: runs CPython's
// test_asyncio modules on the runtime and prints passes per module against the baseline, with wall times; with
// --baseline it also runs each module on the baseline (the same CPython with its own loop) and prints both wall
// times against the 1.5× target (--repeat N: N turns each, the fastest kept, for a busy machine). Results (every test's outcome) go to a JSON file.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BASELINE_PASSES, BASELINE_TOTAL } from './baseline';
import { comparisonFooter, comparisonHeader, comparisonRow } from './wallTimeComparison';
import { defaultSuiteDir, runModule, suiteAvailable, type ModuleResult, type SuiteOptions } from './suiteRunner';

interface Arguments {
  modules: string[];
  all: boolean;
  /** Also run each module on the baseline and compare wall times. */
  baseline: boolean;
  /** With --baseline: turns per module on each side (alternating); each side's fastest counts. */
  repeat: number;
  clock: 'virtual' | 'real';
  out: string;
  hangSeconds: number;
  jobs: number;
}

function parse(argv: readonly string[]): Arguments {
  const parsed: Arguments = {
    modules: [],
    all: false,
    baseline: false,
    repeat: 1,
    clock: 'virtual',
    out: 'asyncio-suite-results.json',
    hangSeconds: 120,
    jobs: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--all') parsed.all = true;
    else if (arg === '--baseline') parsed.baseline = true;
    else if (arg === '--repeat') parsed.repeat = Math.max(1, Number(value()));
    else if (arg === '--clock') {
      const clock = value();
      if (clock !== 'virtual' && clock !== 'real') throw new Error('--clock is virtual or real');
      parsed.clock = clock;
    } else if (arg === '--out') parsed.out = value();
    else if (arg === '--hang') parsed.hangSeconds = Number(value());
    else if (arg === '--jobs') parsed.jobs = Math.max(1, Number(value()));
    else parsed.modules.push(arg.replace(/\.py$/, '').replace(/^(?!test_)/, 'test_'));
  }
  return parsed;
}

function allModules(suiteDir: string): string[] {
  return readdirSync(path.join(suiteDir, 'test', 'test_asyncio'))
    .filter((name) => /^test_.*\.py$/.test(name))
    .map((name) => name.slice(0, -3))
    .sort();
}

function baselineText(result: ModuleResult): string {
  const baseline = BASELINE_PASSES[result.module];
  if (baseline === undefined) return '-';
  return String(baseline === 'all' ? result.run : baseline);
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const suiteDir = defaultSuiteDir();
  if (!suiteAvailable(suiteDir)) throw new Error(`CPython's test_asyncio not found in ${suiteDir} (set LOOPSCOPE_ASYNCIO_TESTS)`);
  const modules = args.modules.length > 0 ? args.modules : args.all ? allModules(suiteDir) : Object.keys(BASELINE_PASSES);
  const options: SuiteOptions = { suiteDir, clock: args.clock, hangSeconds: args.hangSeconds };
  console.log(
    args.baseline
      ? comparisonHeader(args.clock)
      : `CPython's test_asyncio on the Loopscope runtime (--clock ${args.clock}); passes/run, baseline passes, wall time`,
  );
  const results: ModuleResult[] = [];
  const baselineResults: ModuleResult[] = [];
  const queue = [...modules];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(args.jobs, queue.length) }, async () => {
      for (let module = queue.shift(); module !== undefined; module = queue.shift()) {
        if (args.baseline) {
          const [result, baseline] = await fastestOfBoth(module, options, args.repeat);
          results.push(result);
          baselineResults.push(baseline);
          console.log(comparisonRow(result, baseline) + problemsText(result, 'runtime ') + problemsText(baseline, 'baseline '));
          continue;
        }
        const result = await runModule(module, options);
        results.push(result);
        console.log(
          `${result.module.padEnd(28)} ${`${result.passed}/${result.run}`.padStart(10)}  baseline ${baselineText(result).padStart(5)}  ${result.wallSeconds.toFixed(1).padStart(7)} s` +
            problemsText(result, ''),
        );
      }
    }),
  );
  const byModule = (a: ModuleResult, b: ModuleResult): number => a.module.localeCompare(b.module);
  results.sort(byModule);
  baselineResults.sort(byModule);
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const baselineModules =
    results.every((result) => BASELINE_PASSES[result.module] !== undefined) && results.length === Object.keys(BASELINE_PASSES).length;
  if (args.baseline) console.log(comparisonFooter(results, baselineResults));
  console.log(
    `total ${passed} passes${baselineModules ? ` (baseline ${BASELINE_TOTAL})` : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const written = { clock: args.clock, suiteDir, modules: results, ...(args.baseline ? { baseline: baselineResults } : {}) };
  writeFileSync(args.out, `${JSON.stringify(written, null, 1)}\n`);
  console.log(`results: ${path.resolve(args.out)}`);
}

/** Runs the module on the runtime and on the baseline `turns` times, alternating (so a machine that gets busier
 * weighs on both alike), and keeps each side's fastest run. */
async function fastestOfBoth(module: string, options: SuiteOptions, turns: number): Promise<[ModuleResult, ModuleResult]> {
  let runtime: ModuleResult | undefined;
  let baseline: ModuleResult | undefined;
  const faster = (best: ModuleResult | undefined, next: ModuleResult): ModuleResult =>
    best === undefined || next.testSeconds < best.testSeconds ? next : best;
  for (let turn = 0; turn < turns; turn++) {
    runtime = faster(runtime, await runModule(module, options));
    baseline = faster(baseline, await runModule(module, { ...options, runOn: 'baseline' }));
  }
  return [runtime!, baseline!];
}

/** Hangs and crashes, one a line under the module's row. */
function problemsText(result: ModuleResult, side: string): string {
  const problems = [...result.hangs.map((id) => `${side}hang: ${id}`), ...result.crashes.map((id) => `${side}crash: ${id}`)];
  return problems.map((problem) => `\n    ${problem}`).join('');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
