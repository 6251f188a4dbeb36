// The `loopscope.*` editor settings, validated, and how they combine with pyproject.toml.
import { parseBlockingCallPattern, type BlockingCallPattern } from '../linter/blockingCallPatterns';
import { SEVERITIES, type LintSettings } from '../linter/lintSettings';
import { parsePythonVersion } from '../linter/pythonVersion';
import type { Severity } from '../linter/rule';

export interface EditorSettings {
  readonly enable: boolean;
  /** Only keys the user set: they override the same keys from pyproject.toml. */
  readonly lint: LintSettings;
  readonly warnings: readonly string[];
}

export const DEFAULT_EDITOR_SETTINGS: EditorSettings = { enable: true, lint: {}, warnings: [] };

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
  if (severity !== null && typeof severity === 'object' && Object.keys(severity).length > 0) {
    const valid: Record<string, Severity> = {};
    for (const [selector, level] of Object.entries(severity)) {
      if (typeof level === 'string' && (SEVERITIES as readonly string[]).includes(level)) valid[selector] = level as Severity;
      else warnings.push(`loopscope.severity: '${selector}' must be one of ${SEVERITIES.join(', ')}`);
    }
    lint.severity = valid;
  }
  const target = raw['targetVersion'];
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
  return { enable: raw['enable'] !== false, lint, warnings };
}
