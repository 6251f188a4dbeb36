// Judging the real-world findings: a seeded sample per rule, the verdicts kept in a JSON file keyed by
// where a finding is (project@commit:file:line:column), and per-rule precision computed from them.
import { existsSync, readFileSync } from 'node:fs';

export type Verdict = 'right' | 'wrong' | 'debatable';

export interface Judgement {
  readonly rule: string;
  /** `owner/name@commit12:path:line:column` */
  readonly at: string;
  readonly verdict: Verdict;
  readonly reason: string;
  /** The start of the message judged: a finding whose message changed since is judged again. */
  readonly message?: string;
}

export interface JudgementsFile {
  readonly seed: number;
  readonly samplePerRule: number;
  readonly judgements: readonly Judgement[];
}

export interface Finding {
  readonly rule: string;
  readonly at: string;
  readonly message: string;
  readonly project: string;
  readonly file: string;
  readonly line: number;
}

export const DEFAULT_SEED = 12;
export const DEFAULT_SAMPLE_PER_RULE = 30;

export function readJudgements(file: string): JudgementsFile {
  if (!existsSync(file)) return { seed: DEFAULT_SEED, samplePerRule: DEFAULT_SAMPLE_PER_RULE, judgements: [] };
  return JSON.parse(readFileSync(file, 'utf8')) as JudgementsFile;
}

/** The judgements of findings, by rule and place (several when the message at a place changed). */
export function judgementIndex(file: JudgementsFile): Map<string, Judgement[]> {
  const index = new Map<string, Judgement[]>();
  for (const judgement of file.judgements) {
    const key = `${judgement.rule} ${judgement.at}`;
    index.set(key, [...(index.get(key) ?? []), judgement]);
  }
  return index;
}

/** The judgement that applies to a finding (or a Ruff finding, by its code): same rule, place and message. */
export function judgementOf(
  index: ReadonlyMap<string, readonly Judgement[]>,
  rule: string,
  at: string,
  message: string,
): Judgement | undefined {
  return index.get(`${rule} ${at}`)?.find((judgement) => judgement.message === undefined || message.startsWith(judgement.message));
}

/** Every finding when a rule has at most `size`, else `size` of them drawn with a seeded shuffle. */
export function samplePerRule(findings: readonly Finding[], seed: number, size: number): Map<string, Finding[]> {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
  const samples = new Map<string, Finding[]>();
  for (const [rule, all] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
    const ordered = [...all].sort((a, b) => a.at.localeCompare(b.at));
    if (ordered.length <= size) {
      samples.set(rule, ordered);
      continue;
    }
    const next = sampleShuffleRandom(((seed ^ hash(rule)) >>> 0) % 2 ** 31);
    for (let index = ordered.length - 1; index > 0; index--) {
      const other = next(index + 1);
      [ordered[index], ordered[other]] = [ordered[other], ordered[index]];
    }
    samples.set(
      rule,
      ordered.slice(0, size).sort((a, b) => a.at.localeCompare(b.at)),
    );
  }
  return samples;
}

/**
 * The shuffle's random source, frozen: the stored judgements are of the samples it drew. (It is the
 * tests' first generator, whose products pass 2^53 and lose their low bits, so it draws few of the
 * values below a large limit; that only makes the sample less random, not wrong.)
 */
function sampleShuffleRandom(seed: number): (limit: number) => number {
  let state = seed;
  return (limit) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % limit;
  };
}

export interface RulePrecision {
  readonly rule: string;
  readonly findings: number;
  readonly judged: number;
  readonly right: number;
  readonly wrong: number;
  readonly debatable: number;
  readonly unjudged: number;
}

export function precisionTable(
  findings: readonly Finding[],
  samples: Map<string, Finding[]>,
  index: ReadonlyMap<string, readonly Judgement[]>,
): RulePrecision[] {
  return [...samples].map(([rule, sample]) => {
    const verdicts = sample.map((finding) => judgementOf(index, finding.rule, finding.at, finding.message)?.verdict);
    const count = (verdict: Verdict): number => verdicts.filter((v) => v === verdict).length;
    return {
      rule,
      findings: findings.filter((finding) => finding.rule === rule).length,
      judged: verdicts.filter((v) => v !== undefined).length,
      right: count('right'),
      wrong: count('wrong'),
      debatable: count('debatable'),
      unjudged: verdicts.filter((v) => v === undefined).length,
    };
  });
}

/**
 * Overall precision weights each rule's sample precision by the rule's share of all findings, so a
 * rule judged on a sample counts as much as it speaks.
 */
export function overallPrecision(table: readonly RulePrecision[]): number {
  const total = table.reduce((sum, row) => sum + row.findings, 0);
  return table.reduce((sum, row) => sum + (row.judged === 0 ? 0 : (row.right / row.judged) * row.findings), 0) / total;
}

function hash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 16777619);
  return value >>> 0;
}
