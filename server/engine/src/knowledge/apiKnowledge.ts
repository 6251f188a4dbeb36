// Looks names up in the knowledge base: exact entries first, then the class an inherited method is
// documented on (`asyncio.Task.result` is `asyncio.Future.result`), with the documentation link, and
// what the rules' knowledge says of it (deprecated since when, blocking, what to use instead).
import { canonicalName } from '../analysis/knownTypes';
import { formatVersion } from '../linter/pythonVersion';
import type { ApiDescription, ApiEntry, ApiSection } from './apiEntry';
import { ASYNCIO_API } from './asyncioApi';
import { asyncioDeprecation } from './asyncioDeprecations';
import { ASYNCIO_LOOP_API } from './asyncioLoopApi';
import { ASYNCIO_PRIMITIVES_API } from './asyncioPrimitivesApi';
import { blockingCall } from './blockingCalls';
import { BLOCKING_CALLS_API } from './blockingCallsApi';

const PYTHON_LIBRARY_DOCS = 'https://docs.python.org/3/library/';

const API_SECTIONS: readonly ApiSection[] = [...ASYNCIO_API, ...ASYNCIO_PRIMITIVES_API, ...ASYNCIO_LOOP_API, ...BLOCKING_CALLS_API];

/** What the knowledge base says about a name. */
export interface ApiFact {
  /** The name the entry documents (`asyncio.Future.result` for a lookup of `asyncio.Task.result`). */
  readonly name: string;
  readonly entry: ApiDescription;
  readonly docsUrl: string;
}

/** Subclasses whose inherited methods are documented on a base class. */
const BASE_CLASSES: ReadonlyMap<string, string> = new Map([
  ['asyncio.Task', 'asyncio.Future'],
  ['asyncio.PriorityQueue', 'asyncio.Queue'],
  ['asyncio.LifoQueue', 'asyncio.Queue'],
  ['asyncio.BoundedSemaphore', 'asyncio.Semaphore'],
  ['asyncio.EventLoop', 'asyncio.AbstractEventLoop'],
  ['pathlib.PosixPath', 'pathlib.Path'],
  ['pathlib.WindowsPath', 'pathlib.Path'],
]);

let index: ReadonlyMap<string, ApiFact> | undefined;

/** The entry for a qualified name (any spelling the semantic model produces), if the knowledge base has one. */
export function lookupApi(qualifiedName: string): ApiFact | undefined {
  index ??= buildIndex();
  let name = canonicalName(qualifiedName);
  for (let hops = 0; hops <= BASE_CLASSES.size; hops++) {
    const fact = index.get(name);
    if (fact) return fact;
    const dot = name.lastIndexOf('.');
    const base = dot > 0 ? BASE_CLASSES.get(name.slice(0, dot)) : undefined;
    if (!base) return undefined;
    name = base + name.slice(dot);
  }
  return undefined;
}

/** Every entry, for tests and tools. */
export function allApiFacts(): ApiFact[] {
  index ??= buildIndex();
  return [...new Set(index.values())];
}

function buildIndex(): Map<string, ApiFact> {
  const result = new Map<string, ApiFact>();
  for (const section of API_SECTIONS) {
    for (const [name, entry] of Object.entries(section.entries)) {
      const fact: ApiFact = { name, entry: describe(name, entry), docsUrl: docsUrl(section, name, entry) };
      // Keys are written as documented (`asyncio.subprocess.Process`); lookups arrive canonical (`asyncio.Process`).
      for (const key of new Set([name, canonicalName(name)])) {
        if (result.has(key)) throw new Error(`knowledge base: '${key}' is documented twice`);
        result.set(key, fact);
      }
    }
  }
  return result;
}

/** The entry with what the rules' knowledge says of the name: deprecation, blocking, what to use instead. */
function describe(name: string, entry: ApiEntry): ApiDescription {
  const deprecation = asyncioDeprecation(name);
  const blocking = blockingCall(name, []);
  const known = deprecation ?? blocking;
  if (!known) return entry;
  if (entry.instead !== undefined) throw new Error(`knowledge base: what to use instead of '${name}' is written twice`);
  const description: ApiDescription = {
    ...entry,
    instead: asSentence(known.instead),
    rules: [...new Set([...(entry.rules ?? []), known.rule])],
    ...(blocking ? { blocks: true } : {}),
  };
  if (!deprecation) return description;
  const since = formatVersion(deprecation.since);
  if (deprecation.aliasOf) return { ...description, changed: [...(entry.changed ?? []), [since, `an alias of ${deprecation.aliasOf}`]] };
  return {
    ...description,
    deprecated: since,
    ...(deprecation.removed ? { removed: formatVersion(deprecation.removed) } : {}),
    ...(deprecation.plannedRemoval ? { removal: formatVersion(deprecation.plannedRemoval) } : {}),
  };
}

/** "use `x`" (the end of a rule's message) as a sentence: "Use `x`." */
export function asSentence(fragment: string): string {
  return `${fragment.charAt(0).toUpperCase()}${fragment.slice(1)}.`;
}

function docsUrl(section: ApiSection, name: string, entry: ApiEntry): string {
  const absolute = (page: string) => (/^https?:/.test(page) ? page : PYTHON_LIBRARY_DOCS + page);
  if (entry.docs) return absolute(entry.docs);
  const page = absolute(section.page);
  switch (section.anchors ?? 'name') {
    case 'none':
      return page;
    case 'loop':
      return `${page}#${name.replace(/^asyncio\.AbstractEventLoop\./, 'asyncio.loop.')}`;
    case 'name':
      return `${page}#${name}`;
  }
}
