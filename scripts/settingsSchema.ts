// What package.json's `contributes.configuration` should be: the editor settings of the settings table, with
// the rule registry's codes, names, prefixes and equivalents so settings.json completes and checks them; shared
// by the generator and the drift test.
import { INVALID_FILE, RULES, SETTINGS, settingsIn, type RuleInfo, type SchemaContext } from '../server/engine/src';

/** What each family of codes (the first digit) is about. */
const FAMILIES: Readonly<Record<string, string>> = {
  '0': 'the file itself: unreadable or unparsable files, unused `# noqa` comments',
  '1': 'blocking calls in async code',
  '2': 'event-loop API misuse',
  '3': 'task lifecycle',
  '4': 'async protocols',
};

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

/** `contributes.configuration` as a list of sections (VS Code accepts one object or an array of them). */
export function configurationSections(configuration: unknown): { title?: string; properties?: Record<string, unknown> }[] {
  if (Array.isArray(configuration)) return configuration as { title?: string }[];
  return configuration ? [configuration as { title?: string }] : [];
}

/** The linter's section of `contributes.configuration` (title "Loopscope"); the debugger has its own section. */
export function expectedConfiguration(rules: readonly RuleInfo[] = [INVALID_FILE, ...RULES]): Record<string, unknown> & { title: string } {
  const context: SchemaContext = { selectors: ruleSelectors(rules), rules, ruleDescription };
  const properties = settingsIn('editor').map((name, order) => {
    const setting = SETTINGS[name];
    if (!('editor' in setting)) throw new Error(`settingsTable.ts: ${name} is an editor setting without a description`);
    return [
      `loopscope.${name}`,
      {
        ...setting.kind.schema(context),
        default: setting.editor.default,
        scope: 'resource',
        order,
        markdownDescription: setting.editor.description,
      },
    ];
  });
  return { title: 'Loopscope', properties: Object.fromEntries(properties) };
}
