// Every setting, once: its name, its kind of value (how it is read, and the message for each mistake),
// where it can be given (configuration files, the editor, the command line) and, for the editor, its
// description. The configuration-file, editor and command-line readers and the editor's JSON schema
// (scripts/settingsSchema.ts) all come from this table.
import {
  blockingCallList,
  flag,
  globList,
  perFileIgnores,
  pythonVersion,
  selectorList,
  severityMap,
  url,
  type SettingKind,
} from './settingKinds';

/** Where a setting can be given: `[tool.loopscope]` / loopscope.toml (kebab-case), `loopscope.*` in the editor (camelCase), `--kebab-case`. */
type Source = 'file' | 'editor' | 'commandLine';

interface Setting<T> {
  readonly kind: SettingKind<T>;
  readonly in: readonly Source[];
  /** Read into LintSettings under its name (the others describe files and outputs, or the editor's `enable`). */
  readonly lint?: true;
  /** Editor settings: the description (Markdown) and the default the schema offers. */
  readonly editor?: { readonly description: string; readonly default: unknown };
}

const PRECEDENCE =
  'Set here, it replaces the same key of `[tool.loopscope]` in the nearest `pyproject.toml`; left empty, that file (or the default) applies.';

/** In the editor's schema, settings come in this order. */
export const SETTINGS = {
  enable: {
    kind: flag,
    in: ['editor'],
    editor: {
      description:
        'Lint Python files for asyncio problems (and show asyncio hovers). Editor settings take precedence over `[tool.loopscope]` in the nearest `pyproject.toml`, key by key; `severity` maps are merged.',
      default: true,
    },
  },
  targetVersion: {
    kind: pythonVersion,
    in: ['file', 'editor', 'commandLine'],
    lint: true,
    editor: {
      description: `The Python version the code must run on: decides which APIs count as missing, deprecated or removed. ${PRECEDENCE}`,
      default: '',
    },
  },
  select: {
    kind: selectorList,
    in: ['file', 'editor', 'commandLine'],
    lint: true,
    editor: {
      description: `Rules to run instead of the defaults: codes (\`LOOP101\`), prefixes (\`LOOP1\`), names (\`blocking-sleep\`), other tools' codes (\`ASYNC251\`) or \`ALL\`. ${PRECEDENCE}`,
      default: [],
    },
  },
  extendSelect: {
    kind: selectorList,
    in: ['file', 'editor', 'commandLine'],
    lint: true,
    editor: {
      description: `Rules to run in addition to the selected ones, e.g. the off-by-default \`LOOP001\`, \`LOOP407\` and \`LOOP408\`. ${PRECEDENCE}`,
      default: [],
    },
  },
  ignore: {
    kind: selectorList,
    in: ['file', 'editor', 'commandLine'],
    lint: true,
    editor: { description: `Rules never to report (applied after \`select\` and \`extendSelect\`). ${PRECEDENCE}`, default: [] },
  },
  severity: {
    kind: severityMap,
    in: ['file', 'editor'],
    lint: true,
    editor: {
      description:
        'Severity per rule selector (code, prefix, name), e.g. `{ "LOOP1": "error", "LOOP209": "information" }`; where selectors overlap, the later entry wins. Merged with `severity` from `[tool.loopscope]` in the nearest `pyproject.toml`, these entries applied last.',
      default: {},
    },
  },
  blockingCalls: {
    kind: blockingCallList,
    in: ['file', 'editor'],
    lint: true,
    editor: {
      description: `Calls to report as blocking inside coroutines (LOOP107), as \`"module.function -> suggestion"\`: \`"mydb.query -> use mydb.aquery"\`, \`"legacy.*"\`. ${PRECEDENCE}`,
      default: [],
    },
  },
  /** Replaces the built-in excluded folders (.git, .venv, node_modules, …). */
  exclude: { kind: globList, in: ['file'] },
  extendExclude: { kind: globList, in: ['file'] },
  /** Exclusions apply to files named on the command line too (pre-commit passes every file). */
  forceExclude: { kind: flag, in: ['file', 'commandLine'] },
  perFileIgnores: { kind: perFileIgnores, in: ['file'] },
  extendPerFileIgnores: { kind: perFileIgnores, in: ['file'] },
  /** Where rule pages are published (the CLI's SARIF `helpUri`). */
  documentationUrl: { kind: url, in: ['file'] },
} as const satisfies Readonly<Record<string, Setting<unknown>>>;

export type SettingName = keyof typeof SETTINGS;

type ValueOf<K extends SettingName> = (typeof SETTINGS)[K]['kind'] extends SettingKind<infer T> ? T : never;

/** Settings as read: only those given. */
export type SettingValues = { readonly [K in SettingName]?: ValueOf<K> };

type LintSettingName = { [K in SettingName]: (typeof SETTINGS)[K] extends { lint: true } ? K : never }[SettingName];

/** The settings that decide how a file is linted (LintSettings adds what the linter works out itself). */
export type ConfiguredLintSettings = Pick<SettingValues, LintSettingName>;

/** `extendSelect` → `extend-select`: the spelling of configuration files and command-line flags. */
export function kebabCase(name: SettingName): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The settings that can be given in `source`. */
export function settingsIn(source: Source): SettingName[] {
  return (Object.keys(SETTINGS) as SettingName[]).filter((name) => (SETTINGS[name].in as readonly Source[]).includes(source));
}

/** The lint part of what was read. */
export function lintSettingsOf(values: SettingValues): ConfiguredLintSettings {
  const picked: Record<string, unknown> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    if ('lint' in SETTINGS[name] && values[name] !== undefined) picked[name] = values[name];
  }
  return picked as ConfiguredLintSettings;
}
