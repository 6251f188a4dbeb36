// The real-world precision check (issue 12): lints pinned commits of public asyncio projects with the
// built CLI's default rules and with native Ruff's ASYNC/RUF006/RUF029 rules, prints per-rule counts,
// the per-rule precision of a seeded sample judged by reading the code, and which of Ruff's findings in
// a rule we map to (our rules' `equivalents`) we report on the same line.
//
// The corpus: each project in realWorldCorpus.ts must be available as a git directory holding its pinned
// commit, at `<mirrors>/owner+name/repo` (or `<mirrors>/owner+name.git`): a bare clone of the public
// repository, e.g. `git clone --bare <the repository's public URL> <mirrors>/aio-libs+aiohttp.git`
// (without network access, a mirror copied in by other means). Each pinned tree is extracted once with
// `git archive <commit>` into the cache folder (default ~/.cache/loopscope-realworld), outside the repo.
// Native Ruff: `python3 -m venv ~/.cache/loopscope-ruff-venv && ~/.cache/loopscope-ruff-venv/bin/pip install ruff`
// (or pass --ruff PATH). Ruff runs with --isolated, so the projects' own Ruff settings do not change it.
//
//   npm run build && node --import tsx bench/lint/realWorld.ts --mirrors DIR [--cache DIR] [--ruff PATH]
//       [--judgements FILE] [--todo] [--findings OUT.json] [--cli OTHER/dist/cli.js] [--corpus NAME | --held-out]
// --cli lints with another build (an older commit's, to compare precision before and after a change).
// --corpus picks the projects (realWorldCorpus.ts): pinned (the default, which the rules are tuned on),
// held-out-1 to held-out-5 and held-out-7 to held-out-42 (held out once, tuned on since; held-out-42 since session 53),
// held-out-6 (held out: to see a change hold on code it was not tuned on). --held-out is the newest held-out set,
// held-out-43, judged at first sight; once a change is tuned to it, pin a new one before the next judging at first sight.
// How a new set is pinned and judged at first sight (the judges' instructions, the verdict format): JUDGING.md.
// --todo prints each sampled finding that has no verdict yet, with the code around it, to judge and add to
// the judgements file (default bench/lint/realWorldJudgements.json: rule, where, verdict, reason). The first entry
// matching a finding's rule, place and message prefix applies: a re-judgement after a message change carries the new
// message's prefix (and an old verdict a longer prefix of the old message, if the two would both match).
//
// How findings are judged (the same for every set, so that figures compare): right when a reviewer who knows asyncio
// would agree the code does what the message says and it is worth changing; wrong when the claim is false or the
// advice would break the code; debatable when true but a maintainer would reasonably leave it. A blocking call in an
// async test or a one-shot coroutine (start-up, shutdown, a CLI command) is right: the loop is blocked as stated, and a
// deliberate one (a test of blocking behaviour, a test double misbehaving on purpose) is what `noqa` and
// `per-file-ignores` are for. Likewise a test polling state that code on the same loop changes (LOOP306) is right,
// even when the Event would go into the code under test. File-system metadata calls Ruff's ASYNC240 reports (`exists`,
// `resolve`, `mkdir`, a directory listing) are outside LOOP104's read/write/open scope: debatable. A handler catching
// `CancelledError` by name whose task then just ends (its work is over, no caller or loop carries on: end-on-cancel)
// turns the cancellation into a normal return: debatable; right when a caller or a loop carries on after it (since
// session 40; earlier judges mostly judged so already). Verdicts a judge gave otherwise are kept in the reason
// ("Corpus convention (...); the first-sight judge called it ..."), so the convention can be revisited.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { nativeRuff } from './nativeRuff';
import { CORPORA, extractPinned, pythonFiles, type CorpusName, type PinnedProject } from './realWorldCorpus';
import {
  judgementIndex,
  judgementOf,
  overallPrecision,
  precisionTable,
  readJudgements,
  samplePerRule,
  type Finding,
  type Judgement,
  type RulePrecision,
} from './realWorldJudging';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const { values } = parseArgs({
  options: {
    mirrors: { type: 'string', default: process.env.LOOPSCOPE_MIRRORS },
    cache: { type: 'string', default: path.join(os.homedir(), '.cache', 'loopscope-realworld') },
    ruff: { type: 'string', default: nativeRuff() },
    judgements: { type: 'string', default: path.join(import.meta.dirname, 'realWorldJudgements.json') },
    todo: { type: 'boolean', default: false },
    findings: { type: 'string' },
    cli: { type: 'string', default: path.join(repoRoot, 'dist', 'cli.js') },
    corpus: { type: 'string', default: 'pinned' },
    'held-out': { type: 'boolean', default: false },
  },
});
const cli = path.resolve(values.cli);
const corpus = values['held-out'] ? 'held-out-43' : values.corpus;
if (!Object.hasOwn(CORPORA, corpus)) usage(`--corpus ${corpus}: expected one of ${Object.keys(CORPORA).join(', ')}`);
const projects: readonly PinnedProject[] = CORPORA[corpus as CorpusName];

interface CliDiagnostic {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

interface RuffDiagnostic {
  code: string | null;
  filename: string;
  message: string;
  location: { row: number; column: number };
  end_location: { row: number; column: number };
}

interface CliRule {
  code: string;
  enabledByDefault: boolean;
  equivalents: string[];
}

interface RuffFinding {
  readonly code: string;
  readonly at: string;
  readonly project: string;
  readonly file: string;
  readonly line: number;
  readonly endLine: number;
  readonly message: string;
}

const OFF_BY_DEFAULT_COMPARED = ['LOOP407', 'LOOP408'];

function main(): void {
  if (values.mirrors === undefined)
    usage('--mirrors DIR (or LOOPSCOPE_MIRRORS) is required: the folder holding owner+name/repo git directories');
  if (!existsSync(cli)) usage(`${cli} is missing: run npm run build first`);
  const rules = JSON.parse(execFileSync('node', [cli, 'rules', '--format', 'json'], { encoding: 'utf8' })) as CliRule[];
  const defaultRules = new Set(rules.filter((rule) => rule.enabledByDefault).map((rule) => rule.code));
  const mappedTo = new Map<string, string>();
  for (const rule of rules)
    for (const equivalent of rule.equivalents) if (/^(ASYNC|RUF)\d+$/.test(equivalent)) mappedTo.set(equivalent, rule.code);

  const ours: Finding[] = [];
  const offByDefault: Finding[] = [];
  const ruff: RuffFinding[] = [];
  console.log('project                        commit        files    lines  loopscope  ruff');
  for (const project of projects) {
    const root = extractPinned(values.mirrors, values.cache, project);
    const files = pythonFiles(values.mirrors, project).filter((file) => existsSync(path.join(root, file)));
    const lines = files.reduce((sum, file) => sum + readFileSync(path.join(root, file), 'utf8').split('\n').length, 0);
    const found = lintWithLoopscope(root, files, project);
    ours.push(...found.filter((finding) => defaultRules.has(finding.rule)));
    offByDefault.push(...found.filter((finding) => !defaultRules.has(finding.rule)));
    const theirs = lintWithRuff(root, files, project);
    ruff.push(...theirs);
    const defaultCount = found.filter((finding) => defaultRules.has(finding.rule)).length;
    console.log(
      `${project.repo.padEnd(30)} ${project.commit.slice(0, 12)}  ${String(files.length).padStart(5)} ${String(lines).padStart(8)}  ${String(defaultCount).padStart(9)}  ${String(theirs.length).padStart(4)}`,
    );
  }
  if (values.findings !== undefined)
    writeFileSync(values.findings, JSON.stringify({ loopscope: [...ours, ...offByDefault], ruff }, null, 1));

  printCounts(
    'Loopscope findings per rule (default rules)',
    ours.map((finding) => finding.rule),
  );
  printCounts(
    'Ruff findings per rule (--select ASYNC,RUF006,RUF029 --preview)',
    ruff.map((finding) => finding.code),
  );

  const judgements = readJudgements(values.judgements);
  const index = judgementIndex(judgements);
  const samples = samplePerRule(ours, judgements.seed, judgements.samplePerRule);
  const table = precisionTable(ours, samples, index);
  printPrecision(table, judgements.seed, judgements.samplePerRule);

  compareWithRuff(ruff, [...ours, ...offByDefault], mappedTo, defaultRules, index);

  if (values.todo) printTodo([...samples.values()].flat(), index, values.cache);
}

function lintWithLoopscope(root: string, files: readonly string[], project: PinnedProject): Finding[] {
  const result = spawnSync('node', [cli, 'lint', '--format', 'json', '--extend-select', OFF_BY_DEFAULT_COMPARED.join(','), ...files], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`loopscope lint failed on ${project.repo} (${result.status}): ${result.stderr}`);
  return (JSON.parse(result.stdout) as CliDiagnostic[]).map((diagnostic) => {
    const file = path.relative(root, path.resolve(root, diagnostic.file));
    return {
      rule: diagnostic.code,
      at: `${project.repo}@${project.commit.slice(0, 12)}:${file}:${diagnostic.line}:${diagnostic.column}`,
      message: diagnostic.message,
      project: project.repo,
      file,
      line: diagnostic.line,
    };
  });
}

function lintWithRuff(root: string, files: readonly string[], project: PinnedProject): RuffFinding[] {
  const args = [
    'check',
    '--isolated',
    '--preview',
    '--select',
    'ASYNC,RUF006,RUF029',
    '--output-format',
    'json',
    '--no-cache',
    '--exit-zero',
    ...files,
  ];
  const result = spawnSync(values.ruff, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`ruff failed on ${project.repo} (${result.status}): ${result.stderr}`);
  return (JSON.parse(result.stdout) as RuffDiagnostic[])
    .filter((diagnostic) => diagnostic.code !== null)
    .map((diagnostic) => {
      const file = path.relative(root, diagnostic.filename);
      return {
        code: diagnostic.code ?? '',
        at: `${project.repo}@${project.commit.slice(0, 12)}:${file}:${diagnostic.location.row}:${diagnostic.location.column}`,
        project: project.repo,
        file,
        line: diagnostic.location.row,
        endLine: diagnostic.end_location.row,
        message: diagnostic.message,
      };
    });
}

function compareWithRuff(
  ruff: readonly RuffFinding[],
  ours: readonly Finding[],
  mappedTo: ReadonlyMap<string, string>,
  defaultRules: ReadonlySet<string>,
  index: ReadonlyMap<string, readonly Judgement[]>,
): void {
  const ourLines = new Set(ours.map((finding) => `${finding.rule} ${finding.project} ${finding.file} ${finding.line}`));
  console.log('\nRuff findings in rules we map to, and whether Loopscope reports the mapped rule on the same line');
  console.log('ruff code  -> ours     default  ruff  same line  missed (judged right / wrong / debatable / unjudged)');
  const missed: RuffFinding[] = [];
  for (const code of [...new Set(ruff.map((finding) => finding.code))].sort()) {
    const rule = mappedTo.get(code);
    const found = ruff.filter((finding) => finding.code === code);
    if (rule === undefined) {
      console.log(`${code.padEnd(10)} -> (none)   —        ${String(found.length).padStart(4)}`);
      continue;
    }
    const same = found.filter((finding) => ourLines.has(`${rule} ${finding.project} ${finding.file} ${finding.line}`));
    const notSame = found.filter((finding) => !same.includes(finding));
    missed.push(...notSame);
    const verdicts = notSame.map((finding) => judgementOf(index, finding.code, finding.at, finding.message)?.verdict ?? 'unjudged');
    const tally = ['right', 'wrong', 'debatable', 'unjudged'].map((verdict) => verdicts.filter((v) => v === verdict).length).join(' / ');
    console.log(
      `${code.padEnd(10)} -> ${rule}  ${defaultRules.has(rule) ? 'yes' : 'no '}      ${String(found.length).padStart(4)}  ${String(same.length).padStart(9)}  ${String(notSame.length).padStart(6)} (${tally})`,
    );
  }
  const missedInDefault = missed.filter((finding) => defaultRules.has(mappedTo.get(finding.code) ?? ''));
  const realMissed = missedInDefault.filter(
    (finding) => judgementOf(index, finding.code, finding.at, finding.message)?.verdict === 'right',
  );
  console.log(
    `\nRuff findings in a mapped default rule that we do not report: ${missedInDefault.length}, judged right (real misses): ${realMissed.length}`,
  );
  for (const finding of missedInDefault) {
    const judgement = judgementOf(index, finding.code, finding.at, finding.message);
    console.log(`  ${finding.code} ${finding.at}  ${judgement === undefined ? 'unjudged' : `${judgement.verdict}: ${judgement.reason}`}`);
  }
}

function printCounts(title: string, codes: readonly string[]): void {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  console.log(`\n${title}: ${codes.length}`);
  for (const [code, count] of [...counts].sort(([a], [b]) => a.localeCompare(b)))
    console.log(`  ${code.padEnd(9)} ${String(count).padStart(5)}`);
}

function printPrecision(table: readonly RulePrecision[], seed: number, size: number): void {
  console.log(
    `\nPrecision of the default rules (sample: every finding up to ${size} per rule, else ${size} drawn with seed ${seed}; debatable counts as not right)`,
  );
  console.log('rule      findings  judged  right  wrong  debatable  unjudged  precision');
  for (const row of table) {
    const precision = row.judged === 0 ? '—' : `${((100 * row.right) / row.judged).toFixed(1)}%`;
    console.log(
      `${row.rule.padEnd(9)} ${String(row.findings).padStart(8)}  ${String(row.judged).padStart(6)}  ${String(row.right).padStart(5)}  ${String(row.wrong).padStart(5)}  ${String(row.debatable).padStart(9)}  ${String(row.unjudged).padStart(8)}  ${precision.padStart(9)}`,
    );
  }
  const judged = table.reduce((sum, row) => sum + row.judged, 0);
  const right = table.reduce((sum, row) => sum + row.right, 0);
  console.log(`judged ${judged}, right ${right} (${judged === 0 ? '—' : ((100 * right) / judged).toFixed(1)}% of judged)`);
  console.log(`overall precision, each rule weighted by its findings: ${(100 * overallPrecision(table)).toFixed(1)}%`);
}

function printTodo(sample: readonly Finding[], index: ReadonlyMap<string, readonly Judgement[]>, cache: string): void {
  const todo = sample.filter((finding) => judgementOf(index, finding.rule, finding.at, finding.message) === undefined);
  console.log(`\n${todo.length} sampled findings to judge:`);
  for (const finding of todo) {
    const project = projects.find((candidate) => candidate.repo === finding.project);
    if (project === undefined) continue;
    const source = readFileSync(
      path.join(cache, `${project.repo.replace('/', '+')}@${project.commit.slice(0, 12)}`, finding.file),
      'utf8',
    ).split('\n');
    console.log(`\n=== ${finding.rule} ${finding.at}\n    ${finding.message}`);
    for (let line = Math.max(1, finding.line - 3); line <= Math.min(source.length, finding.line + 2); line++) {
      console.log(`${line === finding.line ? '>' : ' '}${String(line).padStart(5)}  ${source[line - 1]}`);
    }
  }
}

function usage(message: string): never {
  console.error(message);
  process.exit(2);
}

main();
