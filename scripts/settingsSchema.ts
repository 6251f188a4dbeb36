// What package.json's `contributes.configuration` should be, derived from the rule registry so settings.json
// completes and checks rule codes, names, prefixes and equivalents; shared by the generator and the drift test.
import { INVALID_FILE } from '../server/engine/src/linter/fileProblems';
import { SEVERITIES } from '../server/engine/src/linter/lintSettings';
import { formatVersion, NEWEST_KNOWN_VERSION } from '../server/engine/src/linter/pythonVersion';
import type { RuleInfo } from '../server/engine/src/linter/rule';
import { RULES } from '../server/engine/src/rules/registry';

/** What each family of codes (the first digit) is about. */
const FAMILIES: Readonly<Record<string, string>> = {
  '0': 'the file itself: unreadable or unparsable files, unused `# noqa` comments',
  '1': 'blocking calls in async code',
  '2': 'event-loop API misuse',
  '3': 'task lifecycle',
  '4': 'async protocols',
};

/** The oldest target version offered (asyncio.run appeared in 3.7). */
const OLDEST_TARGET_MINOR = 7;

/** Accepts what `parseBlockingCallPattern` accepts: `module.function`, `*` segments, an optional `-> suggestion`. */
export const BLOCKING_CALL_PATTERN = '^\\s*[A-Za-z_*][A-Za-z0-9_*]*(\\.[A-Za-z_*][A-Za-z0-9_*]*)*\\s*(->.*)?$';

const PRECEDENCE =
  'Set here, it replaces the same key of `[tool.loopscope]` in the nearest `pyproject.toml`; left empty, that file (or the default) applies.';

interface Selector {
  readonly value: string;
  readonly description: string;
}

/** Every selector the settings accept: `ALL`, code prefixes, codes, rule names, other tools' codes. */
export function ruleSelectors(rules: readonly RuleInfo[] = [INVALID_FILE, ...RULES]): Selector[] {
  const selectors: Selector[] = [{ value: 'ALL', description: 'Every rule, including those off by default.' }];
  const prefixes = new Set<string>(['LOOP']);
  for (const rule of rules) for (const length of [5, 6]) prefixes.add(rule.code.slice(0, length));
  for (const prefix of [...prefixes].sort()) {
    const matching = rules.filter((rule) => rule.code.startsWith(prefix));
    const family = prefix.length > 4 ? FAMILIES[prefix.charAt(4)] : 'all Loopscope rules';
    if (family === undefined) throw new Error(`scripts/settingsSchema.ts: no family title for ${prefix}`);
    const range = matching.length === 1 ? matching[0]!.code : `${matching[0]!.code}–${matching[matching.length - 1]!.code}`;
    selectors.push({ value: prefix, description: `Prefix: ${range} (${family}).` });
  }
  for (const rule of rules) selectors.push({ value: rule.code, description: ruleDescription(rule) });
  for (const rule of rules) selectors.push({ value: rule.name, description: `${rule.code}: ${rule.summary}` });
  for (const rule of rules) {
    for (const code of rule.equivalents)
      selectors.push({ value: code, description: `Another tool's code for ${rule.code} \`${rule.name}\`.` });
  }
  return selectors;
}

function ruleDescription(rule: RuleInfo): string {
  const state = rule.enabledByDefault
    ? `default severity: ${rule.defaultSeverity}`
    : `off by default; ${rule.defaultSeverity} when selected`;
  return `\`${rule.name}\`: ${rule.summary} (${state})`;
}

function selectorList(selectors: readonly Selector[], markdownDescription: string, order: number): Record<string, unknown> {
  return {
    type: 'array',
    items: {
      type: 'string',
      enum: selectors.map((selector) => selector.value),
      markdownEnumDescriptions: selectors.map((selector) => selector.description),
    },
    uniqueItems: true,
    default: [],
    scope: 'resource',
    order,
    markdownDescription,
  };
}

/** `contributes.configuration` as a list of sections (VS Code accepts one object or an array of them). */
export function configurationSections(configuration: unknown): { title?: string; properties?: Record<string, unknown> }[] {
  if (Array.isArray(configuration)) return configuration as { title?: string }[];
  return configuration ? [configuration as { title?: string }] : [];
}

/** The linter's section of `contributes.configuration` (title "Loopscope"); the debugger has its own section. */
export function expectedConfiguration(rules: readonly RuleInfo[] = [INVALID_FILE, ...RULES]): Record<string, unknown> & { title: string } {
  const selectors = ruleSelectors(rules);
  const targets = [''];
  for (let minor = OLDEST_TARGET_MINOR; minor <= NEWEST_KNOWN_VERSION.minor; minor++) targets.push(formatVersion({ major: 3, minor }));
  return {
    title: 'Loopscope',
    properties: {
      'loopscope.enable': {
        type: 'boolean',
        default: true,
        scope: 'resource',
        order: 0,
        markdownDescription:
          'Lint Python files for asyncio problems (and show asyncio hovers). Editor settings take precedence over `[tool.loopscope]` in the nearest `pyproject.toml`, key by key; `severity` maps are merged.',
      },
      'loopscope.targetVersion': {
        type: 'string',
        enum: targets,
        markdownEnumDescriptions: targets.map((version) =>
          version === '' ? '`target-version` or `requires-python` from the nearest `pyproject.toml`, else 3.11.' : `Python ${version}.`,
        ),
        default: '',
        scope: 'resource',
        order: 1,
        markdownDescription: `The Python version the code must run on: decides which APIs count as missing, deprecated or removed. ${PRECEDENCE}`,
      },
      'loopscope.select': selectorList(
        selectors,
        `Rules to run instead of the defaults: codes (\`LOOP101\`), prefixes (\`LOOP1\`), names (\`blocking-sleep\`), other tools' codes (\`ASYNC251\`) or \`ALL\`. ${PRECEDENCE}`,
        2,
      ),
      'loopscope.extendSelect': selectorList(
        selectors,
        `Rules to run in addition to the selected ones, e.g. the off-by-default \`LOOP001\`, \`LOOP407\` and \`LOOP408\`. ${PRECEDENCE}`,
        3,
      ),
      'loopscope.ignore': selectorList(
        selectors,
        `Rules never to report (applied after \`select\` and \`extendSelect\`). ${PRECEDENCE}`,
        4,
      ),
      'loopscope.severity': {
        type: 'object',
        properties: Object.fromEntries(
          rules.map((rule) => [rule.code, { type: 'string', enum: [...SEVERITIES], markdownDescription: ruleDescription(rule) }]),
        ),
        additionalProperties: { type: 'string', enum: [...SEVERITIES] },
        default: {},
        scope: 'resource',
        order: 5,
        markdownDescription:
          'Severity per rule selector (code, prefix, name), e.g. `{ "LOOP1": "error", "LOOP209": "information" }`; where selectors overlap, the later entry wins. Merged with `severity` from `[tool.loopscope]` in the nearest `pyproject.toml`, these entries applied last.',
      },
      'loopscope.blockingCalls': {
        type: 'array',
        items: {
          type: 'string',
          pattern: BLOCKING_CALL_PATTERN,
          patternErrorMessage: 'Expected "module.function" or "module.function -> suggestion" (`*` matches one name part).',
          defaultSnippets: [{ label: 'module.function -> suggestion', body: '${1:module.function} -> ${2:use await module.afunction()}' }],
        },
        uniqueItems: true,
        default: [],
        scope: 'resource',
        order: 6,
        markdownDescription: `Calls to report as blocking inside coroutines (LOOP107), as \`"module.function -> suggestion"\`: \`"mydb.query -> use mydb.aquery"\`, \`"legacy.*"\`. ${PRECEDENCE}`,
      },
    },
  };
}
