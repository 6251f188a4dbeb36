// The user-facing lint configuration (CLI flags, pyproject.toml, VS Code settings) and how it
// resolves to the set of enabled rules with their severities.
import { DEFAULT_TARGET_VERSION } from './pythonVersion';
import type { Rule, RuleInfo, RuleSettings, Severity } from './rule';
import type { ConfiguredLintSettings } from './settingsTable';

/**
 * The settings a file is linted with: those the user gives (settingsTable.ts: `select`, `extendSelect` and
 * `ignore` rule selectors, `severity`, `targetVersion`, `blockingCalls`) and what the linter works out.
 */
export interface LintSettings extends ConfiguredLintSettings {
  /** Selectors ignored for this file by the configuration's `per-file-ignores` (kept apart: `--ignore` does not replace them). */
  readonly fileIgnore?: readonly string[];
  readonly isNotebook?: boolean;
  /** pytest's `python_functions` (prefixes or globs of the functions it collects), where its configuration sets it. */
  readonly pytestFunctions?: readonly string[];
}

export interface EnabledRule<T extends RuleInfo = Rule> {
  readonly rule: T;
  readonly severity: Severity;
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** Rules matching one selector; empty when the selector names nothing. */
export function rulesMatching(selector: string, rules: readonly RuleInfo[]): RuleInfo[] {
  const wanted = selector.trim();
  const upper = wanted.toUpperCase();
  if (upper === 'ALL') return [...rules];
  const byName = rules.filter((rule) => rule.name === wanted.toLowerCase());
  if (byName.length > 0) return byName;
  if (/^LOOP\d*$/.test(upper)) return rules.filter((rule) => rule.code.startsWith(upper));
  return rules.filter((rule) => rule.equivalents.some((code) => code.toUpperCase() === upper));
}

/** Selectors (in any settings list) that match no rule: worth a clear error rather than silence. */
export function unknownSelectors(settings: LintSettings, rules: readonly RuleInfo[]): string[] {
  const selectors = [
    ...(settings.select ?? []),
    ...(settings.extendSelect ?? []),
    ...(settings.ignore ?? []),
    ...(settings.fileIgnore ?? []),
    ...Object.keys(settings.severity ?? {}),
  ];
  return selectors.filter((selector) => rulesMatching(selector, rules).length === 0);
}

export function enabledRules<T extends RuleInfo>(settings: LintSettings, rules: readonly T[]): EnabledRule<T>[] {
  const selected = new Set<RuleInfo>(
    settings.select ? settings.select.flatMap((s) => rulesMatching(s, rules)) : rules.filter((r) => r.enabledByDefault),
  );
  for (const selector of settings.extendSelect ?? []) for (const rule of rulesMatching(selector, rules)) selected.add(rule);
  for (const selector of [...(settings.ignore ?? []), ...(settings.fileIgnore ?? [])])
    for (const rule of rulesMatching(selector, rules)) selected.delete(rule);
  const severities = new Map<RuleInfo, Severity>();
  for (const [selector, severity] of Object.entries(settings.severity ?? {})) {
    for (const rule of rulesMatching(selector, rules)) severities.set(rule, severity);
  }
  return rules.filter((rule) => selected.has(rule)).map((rule) => ({ rule, severity: severities.get(rule) ?? rule.defaultSeverity }));
}

/** LOOP000 is reported unless explicitly ignored, whatever `select` says (like Ruff's syntax errors). */
export function alwaysOnSeverity(settings: LintSettings, rule: RuleInfo): Severity | undefined {
  if ([...(settings.ignore ?? []), ...(settings.fileIgnore ?? [])].some((selector) => rulesMatching(selector, [rule]).length > 0))
    return undefined;
  let severity = rule.defaultSeverity;
  for (const [selector, override] of Object.entries(settings.severity ?? {})) {
    if (rulesMatching(selector, [rule]).length > 0) severity = override;
  }
  return severity;
}

export function ruleSettings(settings: LintSettings): RuleSettings {
  return {
    targetVersion: settings.targetVersion ?? DEFAULT_TARGET_VERSION,
    targetVersionKnown: settings.targetVersion !== undefined,
    blockingCalls: settings.blockingCalls ?? [],
    isNotebook: settings.isNotebook ?? false,
  };
}
