// The `loopscope.*` editor settings, validated, and how they combine with pyproject.toml.
//
// Precedence, per file: a `loopscope.*` setting that is set (a non-empty list or map, a version)
// replaces the same key of `[tool.loopscope]` in the nearest pyproject.toml, which in turn replaces the
// default. `severity` is the exception: the two maps are merged, the editor's entries applied last.
import {
  lintSettingsOf,
  readEditorSettings,
  settingsIn,
  unknownSelectors,
  unknownSelectorsMessage,
  type LintSettings,
  type RuleInfo,
  type Severity,
} from '../../engine/src';

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
  const { values, problems } = readEditorSettings(raw);
  const warnings = [...problems];
  const editorKeys = new Set<string>(settingsIn('editor'));
  for (const key of Object.keys(raw)) {
    const camel = key.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    // Configuration files spell keys in kebab case; editor settings do not.
    if (camel !== key && editorKeys.has(camel))
      warnings.push(`loopscope settings are spelled in camelCase: write '${camel}', not '${key}'`);
  }
  return { enable: values.enable ?? true, lint: lintSettingsOf(values), warnings };
}

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
  const unknown = unknownSelectors(settings, rules);
  return unknown.length === 0 ? undefined : unknownSelectorsMessage(unknown, where);
}
