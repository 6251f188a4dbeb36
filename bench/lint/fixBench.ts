// How fix building grows with the file: a generated module with N fixable findings (blocking sleeps,
// Path reads, dropped tasks, asyncio.TimeoutError), timed for the lint that builds every fix and for
// applying them all (`loopscope lint --fix --unsafe-fixes`). Prints the time per size and whether
// 30,000 findings stay within the 5 s.
//   npm run build && node --import tsx bench/lint/fixBench.ts [N…]
import { performance } from 'node:perf_hooks';
import { fixText, Linter, parsePythonVersion, RULES } from '../../server/engine/src';

const TARGET_FINDINGS = 30_000;
const TARGET_SECONDS = 5;

/** A module with `findings` fixable findings, four per coroutine. */
function generatedModule(findings: number): string {
  const lines = ['"""Generated for the fix benchmark."""', 'import time', 'from pathlib import Path', '', ''];
  for (let index = 0; index < findings / 4; index++) {
    lines.push(
      `async def job_${index}(name):`,
      '    time.sleep(0.1)',
      '    text = Path(name).read_text()',
      '    try:',
      '        await other()',
      '    except asyncio.TimeoutError:',
      '        pass',
      '    asyncio.create_task(other())',
      '    return text',
      '',
      '',
    );
  }
  lines.push('async def other():', '    pass', '', 'import asyncio', '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const linter = await Linter.create(RULES);
  const settings = { targetVersion: parsePythonVersion('3.12')! };
  let verdict = '';
  for (const findings of sizes.length > 0 ? sizes : [2_000, 8_000, TARGET_FINDINGS]) {
    const text = generatedModule(findings);
    const lineCount = text.split('\n').length;
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    const lint = linter.lintText(text, settings);
    const linted = performance.now();
    const fixable = lint.diagnostics.filter((diagnostic) => diagnostic.fix).length;
    const fixed = fixText(linter, text, settings, { unsafe: true, maxPasses: 1 }, lint);
    const done = performance.now();
    const cpu = process.cpuUsage(cpuStarted);
    const seconds = (done - started) / 1000;
    console.log(
      `${String(lineCount).padStart(7)} lines, ${String(fixable).padStart(6)} fixable findings: lint with fixes ${((linted - started) / 1000).toFixed(2)} s, applying ${fixed.fixed.length} fixes ${((done - linted) / 1000).toFixed(2)} s, total ${seconds.toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s: on a shared machine the fairer figure)`,
    );
    if (findings === TARGET_FINDINGS)
      verdict = `target: ${TARGET_FINDINGS} fixable findings in ≤ ${TARGET_SECONDS} s — ${seconds <= TARGET_SECONDS ? 'met' : 'NOT met'} (${seconds.toFixed(2)} s)`;
  }
  if (verdict) console.log(verdict);
}

void main();
