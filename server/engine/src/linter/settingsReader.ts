// Reads settings through the settings table, from a configuration file's table, the editor's `loopscope`
// section or the command line's flags: each mistake gets its kind's one message, after the setting's name
// as that source spells it ('target-version', loopscope.targetVersion, --target-version).
import { kebabCase, SETTINGS, settingsIn, type SettingName, type SettingValues } from './settingsTable';

interface SettingsRead {
  readonly values: SettingValues;
  /** One line per mistake: the rest still applies. */
  readonly problems: readonly string[];
}

/** `[tool.loopscope]` or a loopscope.toml's top level; keys it does not know are left to the caller. */
export function readFileSettings(table: Readonly<Record<string, unknown>>): SettingsRead & { readonly unknownKeys: readonly string[] } {
  const byKey = new Map(settingsIn('file').map((name) => [kebabCase(name), name]));
  const given: [SettingName, unknown][] = [];
  const unknownKeys: string[] = [];
  for (const [key, raw] of Object.entries(table)) {
    const name = byKey.get(key);
    if (name) given.push([name, raw]);
    else unknownKeys.push(key);
  }
  return { ...read(given, (name) => `'${kebabCase(name)}'`), unknownKeys };
}

/** The keys configuration files know, for messages about the others. */
export function fileSettingKeys(): string[] {
  return settingsIn('file').map(kebabCase);
}

/** The editor's `loopscope` section: a setting left at its default (an empty list, `""`) is not set. */
export function readEditorSettings(section: Readonly<Record<string, unknown>>): SettingsRead {
  const given: [SettingName, unknown][] = [];
  for (const name of settingsIn('editor')) {
    const raw = section[name];
    if (raw !== undefined && raw !== null && !SETTINGS[name].kind.isUnset(raw)) given.push([name, raw]);
  }
  return read(given, (name) => `loopscope.${name}`);
}

type FlagValue = string | boolean | (string | boolean)[] | undefined;

/** The command line's setting flags, for `util.parseArgs`. */
export function settingFlags(): Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> {
  return Object.fromEntries(
    settingsIn('commandLine').map((name) => {
      const shape = SETTINGS[name].kind.commandLine;
      if (!shape) throw new Error(`${name} cannot be given on the command line`);
      return [
        kebabCase(name),
        shape === 'flag' ? { type: 'boolean' } : shape === 'list' ? { type: 'string', multiple: true } : { type: 'string' },
      ];
    }),
  );
}

/** The setting flags `util.parseArgs` found (lists: repeated flags, each comma-separated). */
export function readCommandLineSettings(flags: Readonly<Record<string, FlagValue>>): SettingsRead {
  const given: [SettingName, unknown][] = [];
  for (const name of settingsIn('commandLine')) {
    const raw = flags[kebabCase(name)];
    if (raw === undefined) continue;
    given.push([
      name,
      Array.isArray(raw)
        ? raw
            .flatMap((entry) => String(entry).split(','))
            .map((entry) => entry.trim())
            .filter(Boolean)
        : raw,
    ]);
  }
  return read(given, (name) => `--${kebabCase(name)}`);
}

function read(given: readonly [SettingName, unknown][], spelled: (name: SettingName) => string): SettingsRead {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, raw] of given) {
    const result = SETTINGS[name].kind.read(raw);
    if (result.value !== undefined) values[name] = result.value;
    for (const problem of result.problems) problems.push(`${spelled(name)} ${problem}`);
  }
  // Each kind's `read` checked its value.
  return { values: values as SettingValues, problems };
}

/** The one message for selectors that match no rule (a typo would otherwise lint with other rules than meant). */
export function unknownSelectorsMessage(selectors: readonly string[], where?: string): string {
  const unique = [...new Set(selectors)];
  const message = `unknown rule selector${unique.length > 1 ? 's' : ''} ${unique.map((selector) => `'${selector}'`).join(', ')} (use codes like LOOP101, prefixes like LOOP1, rule names, or ALL)`;
  return where === undefined ? message : `${where}: ${message}`;
}
