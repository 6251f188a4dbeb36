// The kinds of value a setting takes (a list of rule selectors, a Python version, a severity map…): how
// each is read from a configuration file, the editor or the command line, the one message for each
// mistake, and its JSON schema for the editor. settingsTable.ts gives every setting its kind.
import { BLOCKING_CALL_FORM, BLOCKING_CALL_REGEXP, parseBlockingCallPattern, type BlockingCallPattern } from './blockingCallPatterns';
import { SEVERITIES } from './lintSettings';
import { formatVersion, NEWEST_KNOWN_VERSION, parsePythonVersion, type PythonVersion } from './pythonVersion';
import type { RuleInfo, Severity } from './rule';

/** What a reader got: the value (entries in error left out) and the mistakes, each completing "<setting> …". */
interface SettingRead<T> {
  readonly value?: T;
  readonly problems: readonly string[];
}

/** What the schema of a kind may need to know of the rules (the generator, in scripts/, knows how to say it). */
export interface SchemaContext {
  /** Every selector settings accept (`ALL`, prefixes, codes, names, other tools' codes), described. */
  readonly selectors: readonly { readonly value: string; readonly description: string }[];
  readonly rules: readonly RuleInfo[];
  readonly ruleDescription: (rule: RuleInfo) => string;
}

export interface SettingKind<T> {
  /** Reads a value as given (any shape; never throws). */
  read(raw: unknown): SettingRead<T>;
  /** How the command line gives it: a flag, one value, or a list (the flag repeated, or comma-separated); none: it cannot. */
  readonly commandLine?: 'flag' | 'value' | 'list';
  /** Values the editor sends for a setting left alone (its schema default): not set. */
  isUnset(raw: unknown): boolean;
  /** The editor setting's JSON schema, without default, scope, order and description. */
  schema(context: SchemaContext): Record<string, unknown>;
}

/** `per-file-ignores` entry: selectors ignored in files matching a gitignore-style pattern (`!pattern`: not matching). */
export interface PerFileIgnore {
  readonly pattern: string;
  readonly selectors: readonly string[];
}

const SELECTORS = 'rule codes or names';

function stringList(raw: unknown): string[] | undefined {
  if (typeof raw === 'string') return [raw];
  return Array.isArray(raw) && raw.every((item) => typeof item === 'string') ? (raw as string[]) : undefined;
}

function asTable(raw: unknown): Record<string, unknown> | undefined {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Date)
    ? (raw as Record<string, unknown>)
    : undefined;
}

/** A value as the user wrote it, for messages. */
function shown(raw: unknown): string {
  return typeof raw === 'string' ? `'${raw}'` : (JSON.stringify(raw) ?? String(raw));
}

const isEmptyList = (raw: unknown): boolean => Array.isArray(raw) && raw.length === 0;

/** A list of strings; `what` says what its items are ("rule codes or names"). */
function strings(what: string, schema: (context: SchemaContext) => Record<string, unknown>): SettingKind<readonly string[]> {
  return {
    read: (raw) => {
      const value = stringList(raw);
      return value ? { value, problems: [] } : { problems: [`must be a list of ${what}`] };
    },
    commandLine: 'list',
    isUnset: isEmptyList,
    schema,
  };
}

function noSchema(): Record<string, unknown> {
  throw new Error('this kind of setting is read from configuration files only');
}

export const selectorList = strings(SELECTORS, ({ selectors }) => ({
  type: 'array',
  items: {
    type: 'string',
    enum: selectors.map((selector) => selector.value),
    markdownEnumDescriptions: selectors.map((selector) => selector.description),
  },
  uniqueItems: true,
}));

export const globList = strings('glob patterns', noSchema);

export const blockingCallList: SettingKind<readonly BlockingCallPattern[]> = {
  read(raw) {
    const list = stringList(raw);
    if (!list) return { problems: [`must be a list of ${BLOCKING_CALL_FORM} strings`] };
    const value: BlockingCallPattern[] = [];
    const problems: string[] = [];
    for (const entry of list) {
      const parsed = parseBlockingCallPattern(entry);
      if ('error' in parsed) problems.push(`entry ${parsed.error}`);
      else value.push(parsed);
    }
    return { value, problems };
  },
  commandLine: 'list',
  isUnset: isEmptyList,
  schema: () => ({
    type: 'array',
    items: {
      type: 'string',
      pattern: BLOCKING_CALL_REGEXP,
      patternErrorMessage: `Expected ${BLOCKING_CALL_FORM}.`,
      defaultSnippets: [{ label: 'module.function -> suggestion', body: '${1:module.function} -> ${2:use await module.afunction()}' }],
    },
    uniqueItems: true,
  }),
};

export const severityMap: SettingKind<Readonly<Record<string, Severity>>> = {
  read(raw) {
    const table = asTable(raw);
    if (!table) return { problems: [`must be an object mapping rule selectors to severities (${SEVERITIES.join(', ')})`] };
    const value: Record<string, Severity> = {};
    const problems: string[] = [];
    for (const [selector, level] of Object.entries(table)) {
      if (typeof level === 'string' && (SEVERITIES as readonly string[]).includes(level)) value[selector] = level as Severity;
      else problems.push(`entry '${selector}' must be one of ${SEVERITIES.join(', ')}, not ${shown(level)}`);
    }
    return { value, problems };
  },
  isUnset: (raw) => asTable(raw) !== undefined && Object.keys(raw as object).length === 0,
  schema: ({ rules, ruleDescription }) => ({
    type: 'object',
    properties: Object.fromEntries(
      rules.map((rule) => [rule.code, { type: 'string', enum: [...SEVERITIES], markdownDescription: ruleDescription(rule) }]),
    ),
    additionalProperties: { type: 'string', enum: [...SEVERITIES] },
  }),
};

/** The oldest target version the editor offers (asyncio.run appeared in 3.7). */
const OLDEST_TARGET_MINOR = 7;

export const pythonVersion: SettingKind<PythonVersion> = {
  read(raw) {
    const value = typeof raw === 'string' ? parsePythonVersion(raw) : undefined;
    return value ? { value, problems: [] } : { problems: [`must look like "3.12" or "py312", not ${shown(raw)}`] };
  },
  commandLine: 'value',
  // `auto`: what early versions of the extension offered for "from pyproject.toml".
  isUnset: (raw) => raw === '' || raw === 'auto',
  schema: () => {
    const targets = [''];
    for (let minor = OLDEST_TARGET_MINOR; minor <= NEWEST_KNOWN_VERSION.minor; minor++) targets.push(formatVersion({ major: 3, minor }));
    return {
      type: 'string',
      enum: targets,
      markdownEnumDescriptions: targets.map((version) =>
        version === '' ? '`target-version` or `requires-python` from the nearest `pyproject.toml`, else 3.11.' : `Python ${version}.`,
      ),
    };
  },
};

export const flag: SettingKind<boolean> = {
  read: (raw) => (typeof raw === 'boolean' ? { value: raw, problems: [] } : { problems: ['must be true or false'] }),
  commandLine: 'flag',
  isUnset: () => false,
  schema: () => ({ type: 'boolean' }),
};

export const url: SettingKind<string> = {
  read: (raw) =>
    typeof raw === 'string' && /^https?:\/\/\S+$/.test(raw)
      ? { value: raw, problems: [] }
      : { problems: ['must be an http(s) URL such as "https://example.org/loopscope/rules/{name}"'] },
  commandLine: 'value',
  isUnset: (raw) => raw === '',
  schema: noSchema,
};

export const perFileIgnores: SettingKind<readonly PerFileIgnore[]> = {
  read(raw) {
    const table = asTable(raw);
    if (!table) return { problems: [`must be a table of file patterns and ${SELECTORS}, like { "tests/*" = ["LOOP101"] }`] };
    const value: PerFileIgnore[] = [];
    const problems: string[] = [];
    for (const [pattern, selectors] of Object.entries(table)) {
      const list = stringList(selectors);
      if (list) value.push({ pattern, selectors: list });
      else problems.push(`entry '${pattern}' must be a list of ${SELECTORS}`);
    }
    return { value, problems };
  },
  isUnset: (raw) => asTable(raw) !== undefined && Object.keys(raw as object).length === 0,
  schema: noSchema,
};
