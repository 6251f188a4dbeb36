// The shape of one knowledge-base entry about a Python API (asyncio, or a blocking call Loopscope
// flags): plain data, written by hand in asyncioApi.ts / blockingCallsApi.ts and read by hovers. Whether
// a name is deprecated or blocks, and what to use instead then, is not written here but in
// asyncioDeprecations.ts / blockingCalls.ts, which the rules read too; the index adds it (ApiDescription).

type ApiKind =
  | 'module'
  | 'function'
  | 'coroutine function'
  | 'class'
  | 'method'
  | 'coroutine method'
  | 'async context manager'
  | 'exception'
  | 'constant';

/** A behaviour change: the version (`"3.14"`) and what changed, as a short Markdown fragment. */
type ApiChange = readonly [version: string, what: string];

export interface ApiEntry {
  readonly kind: ApiKind;
  /** The call shape as the Python docs give it, without the module (`create_task(coro, *, name=None)`). */
  readonly signature?: string;
  /** What it does: one or two short Markdown sentences. */
  readonly summary: string;
  /** The first Python version that has it; omitted when older than every version Loopscope targets. */
  readonly added?: string;
  /** Notable changes, oldest first. */
  readonly changed?: readonly ApiChange[];
  /** The recommended replacement or practice, Markdown (for a deprecated or blocking name: from its rule's knowledge). */
  readonly instead?: string;
  /** Loopscope rules that flag misuse of it (besides the rule flagging it as deprecated or blocking). */
  readonly rules?: readonly string[];
  /** The documentation link when the section's page + `#<name>` is not right: a page, `page#anchor`, or a URL. */
  readonly docs?: string;
}

/** What hovers show of a name: its entry, with what asyncioDeprecations.ts and blockingCalls.ts say of it. */
export interface ApiDescription extends ApiEntry {
  /** The version that deprecated it. */
  readonly deprecated?: string;
  /** The version it is scheduled to disappear in (while only deprecated). */
  readonly removal?: string;
  /** The version that removed it. */
  readonly removed?: string;
  /** Blocks the calling thread, so in a coroutine it stalls the event loop. */
  readonly blocks?: boolean;
}

/** Entries documented on one page. */
export interface ApiSection {
  /** A docs.python.org library page (`asyncio-task.html`) or an absolute URL. */
  readonly page: string;
  /**
   * How anchors on the page are formed from an entry's name; `name` (the default) uses the qualified name,
   * `loop` spells `asyncio.AbstractEventLoop.x` as `asyncio.loop.x`, `none` links the page alone.
   */
  readonly anchors?: 'name' | 'loop' | 'none';
  /** Keyed by canonical qualified name, as the semantic model spells it (`asyncio.AbstractEventLoop.close`). */
  readonly entries: Readonly<Record<string, ApiEntry>>;
}
