// The `loopscope.*` editor settings, validated, and how they combine with pyproject.toml.
//
// Precedence, per file: a `loopscope.*` setting that is set (a non-empty list or map, a version)
// replaces the same key of `[tool.loopscope]` in the nearest pyproject.toml, which in turn replaces the
// default. `severity` is the exception: the two maps are merged, the editor's entries applied last.
import { parseBlockingCallPattern, type BlockingCallPattern } from '../../engine/src/linter/blockingCallPatterns';
import { SEVERITIES, unknownSelectors, type LintSettings } from '../../engine/src/linter/lintSettings';
import { parsePythonVersion } from '../../engine/src/linter/pythonVersion';
import type { RuleInfo, Severity } from '../../engine/src/linter/rule';

export interface EditorSettings {
  readonly enable: boolean;
  /** Only keys the user set: they override the same keys from pyproject.toml. */
  readonly lint: LintSettings;
  readonly warnings: readonly string[];
}

const DEFAULT_EDITOR_SETTINGS: EditorSettings = { enable: true, lint: {}, warnings: [] };

/** Reads the `loopscope` configuration section as sent by the client (any shape; never throws). */
export function parseEditorSettings(section: unknown): EditorSettings {
  if (section === null || typeof section !== 'object') return DEFAULT_EDITOR_SETTINGS;
  const raw = section as Record<string, unknown>;
  const warnings: string[] = [];
  const lint: { -readonly [K in keyof LintSettings]: LintSettings[K] } = {};
  const list = (key: string): string[] | undefined => {
    const value = raw[key];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.length > 0 ? (value as string[]) : undefined;
    warnings.push(`loopscope.${key} must be a list of strings`);
    return undefined;
  };
  const select = list('select');
  const extendSelect = list('extendSelect');
  const ignore = list('ignore');
  if (select) lint.select = select;
  if (extendSelect) lint.extendSelect = extendSelect;
  if (ignore) lint.ignore = ignore;
  const severity = raw['severity'];
  if (severity !== undefined && severity !== null && (typeof severity !== 'object' || Array.isArray(severity))) {
    warnings.push('loopscope.severity must be an object like { "LOOP101": "error" }');
  } else if (severity !== undefined && severity !== null && Object.keys(severity).length > 0) {
    const valid: Record<string, Severity> = {};
    for (const [selector, level] of Object.entries(severity)) {
      if (typeof level === 'string' && (SEVERITIES as readonly string[]).includes(level)) valid[selector] = level as Severity;
      else warnings.push(`loopscope.severity: '${selector}' must be one of ${SEVERITIES.join(', ')}`);
    }
    lint.severity = valid;
  }
  const target = raw['targetVersion'];
  if (target !== undefined && target !== null && typeof target !== 'string')
    warnings.push('loopscope.targetVersion must be a string like "3.12"');
  if (typeof target === 'string' && target !== '' && target !== 'auto') {
    const version = parsePythonVersion(target);
    if (version) lint.targetVersion = version;
    else warnings.push(`loopscope.targetVersion must look like "3.12", not '${target}'`);
  }
  const blocking = list('blockingCalls');
  if (blocking) {
    const patterns: BlockingCallPattern[] = [];
    for (const entry of blocking) {
      const parsed = parseBlockingCallPattern(entry);
      if ('error' in parsed) warnings.push(`loopscope.${parsed.error}`);
      else patterns.push(parsed);
    }
    lint.blockingCalls = patterns;
  }
  for (const key of Object.keys(raw)) {
    const camel = key.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    // Configuration files spell keys in kebab case; editor settings do not.
    if (camel !== key && EDITOR_KEYS.has(camel))
      warnings.push(`loopscope settings are spelled in camelCase: write '${camel}', not '${key}'`);
  }
  return { enable: raw['enable'] !== false, lint, warnings };
}

/** The keys `parseEditorSettings` reads. */
const EDITOR_KEYS: ReadonlySet<string> = new Set([
  'enable',
  'select',
  'extendSelect',
  'ignore',
  'severity',
  'targetVersion',
  'blockingCalls',
]);

/** The settings a file is linted with: editor settings over pyproject.toml (see the precedence above). */
export function combineSettings(project: LintSettings | undefined, editor: LintSettings, isNotebook: boolean): LintSettings {
  const combined: { -readonly [K in keyof LintSettings]: LintSettings[K] } = { ...project, ...editor, isNotebook };
  if (project?.severity && editor.severity) {
    const severity: Record<string, Severity> = {};
    // Re-inserted so the editor's entries come last: for overlapping selectors (`LOOP1`, `LOOP101`) the last one wins.
    for (const [selector, level] of Object.entries(project.severity)) if (!(selector in editor.severity)) severity[selector] = level;
    for (const [selector, level] of Object.entries(editor.severity)) severity[selector] = level;
    combined.severity = severity;
  }
  return combined;
}

/** A warning naming the selectors in `settings` that match no rule (typos would otherwise be silent). */
export function unknownSelectorWarning(settings: LintSettings, rules: readonly RuleInfo[], where: string): string | undefined {
  const unknown = [...new Set(unknownSelectors(settings, rules))];
  if (unknown.length === 0) return undefined;
  const quoted = unknown.map((selector) => `'${selector}'`).join(', ');
  return `${where}: ${quoted} ${unknown.length === 1 ? 'matches' : 'match'} no rule (use codes like LOOP101, prefixes like LOOP1, rule names, or ALL)`;
}
