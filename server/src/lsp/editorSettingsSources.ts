// Where the `loopscope.*` editor settings come from. Clients differ: VS Code answers
// `workspace/configuration` per document (and pushes the section too); Neovim's built-in client (0.7)
// cannot be asked and sends what the user configured as `initializationOptions` or, from `on_init`,
// in `workspace/didChangeConfiguration`; Helix and Zed send their `config` / `settings` both ways.
// All three are read by the one parser, `parseEditorSettings`, key by key: initialization options,
// then pushed settings, then pulled ones (the latest source that sets a key wins).
import { parseEditorSettings, type EditorSettings } from './editorSettings';

/** How long a `workspace/configuration` request may go unanswered before the other sources are used. */
const PULL_TIMEOUT_MS = 2000;

/** Asks the client for the `loopscope` section as it applies to `scopeUri`. */
export type SettingsPull = (scopeUri: string) => Promise<unknown>;

type Section = Readonly<Record<string, unknown>>;

export class EditorSettingsSources {
  private initial: Section = {};
  private pushed: Section = {};
  private pull: SettingsPull | undefined;
  private readonly byScope = new Map<string, Promise<EditorSettings>>();
  /** The settings when nothing is pulled: the same object for every document (rule plans are cached by identity). */
  private unscoped: EditorSettings | undefined;
  /** A pull went unanswered: the client is not asked again until that pull answers. */
  private pullStalled = false;

  /**
   * `onLateAnswer`: a pull answered after its documents were linted with the other sources; every
   * cached setting is forgotten, and the caller re-lints. `log`: what the server's log should say.
   */
  constructor(
    private readonly onLateAnswer: () => void,
    private readonly log: (message: string) => void,
  ) {}

  /** From `initialize`: the client's `initializationOptions`, and how to pull (undefined: the client cannot be asked). */
  initialize(initializationOptions: unknown, pull: SettingsPull | undefined): void {
    this.initial = loopscopeSection(initializationOptions) ?? {};
    this.pull = pull;
    this.forget();
  }

  /** From `workspace/didChangeConfiguration`: `settings` replaces what was pushed before, unless it is null (then: pull again). */
  push(settings: unknown): void {
    const section = loopscopeSection(settings);
    if (section) this.pushed = section;
    this.forget();
  }

  /** Forgets every resolved setting (they are read again on the next request). */
  forget(): void {
    this.byScope.clear();
    this.unscoped = undefined;
  }

  /** A document closed: its pulled settings are asked for again if it opens again. */
  forgetScope(scopeUri: string): void {
    this.byScope.delete(scopeUri);
  }

  /** The editor settings of a document (or of a workspace folder, for files not open). */
  forScope(scopeUri: string): Promise<EditorSettings> {
    const pull = this.pull;
    if (!pull || this.pullStalled) return Promise.resolve((this.unscoped ??= this.parse(undefined)));
    let settings = this.byScope.get(scopeUri);
    if (!settings) {
      settings = this.pulled(pull, scopeUri);
      this.byScope.set(scopeUri, settings);
    }
    return settings;
  }

  private pulled(pull: SettingsPull, scopeUri: string): Promise<EditorSettings> {
    return new Promise((resolve) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        if (!this.pullStalled) {
          this.pullStalled = true;
          this.log(
            `the client did not answer workspace/configuration within ${PULL_TIMEOUT_MS / 1000} s; using initializationOptions, workspace/didChangeConfiguration and the configuration files until it does`,
          );
        }
        resolve(this.parse(undefined));
      }, PULL_TIMEOUT_MS);
      const answered = (section: unknown): void => {
        clearTimeout(timer);
        if (!timedOut) return resolve(this.parse(section));
        this.log('the client answered workspace/configuration at last; its settings apply from now on');
        this.pullStalled = false;
        this.forget();
        this.onLateAnswer();
      };
      pull(scopeUri).then(answered, () => answered(undefined));
    });
  }

  /** The three sources, key by key (a key set to null counts as not set). */
  private parse(pulled: unknown): EditorSettings {
    const merged: Record<string, unknown> = {};
    for (const source of [this.initial, this.pushed, loopscopeSection(pulled) ?? {}]) {
      for (const [key, value] of Object.entries(source)) if (value !== null && value !== undefined) merged[key] = value;
    }
    return parseEditorSettings(merged);
  }
}

/**
 * The `loopscope` settings in what a client sent: `{ "loopscope": { … } }` (VS Code's pushed
 * settings, a Neovim `settings` table), or the section itself (`{ "select": […] }`, as Helix's
 * `config` or `init_options` are usually written); undefined for anything that is not an object.
 */
function loopscopeSection(value: unknown): Section | undefined {
  if (!isObject(value)) return undefined;
  const nested = value['loopscope'];
  return isObject(nested) ? nested : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
