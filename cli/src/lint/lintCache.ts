// `loopscope lint`'s cache, as Ruff keeps one: what linting each file found, kept between runs in the user cache
// folder (one file per working folder), so a run over a project where little changed re-lints only what changed.
// A file's findings are reused when its bytes, its settings and Loopscope itself are the same, and every question
// its rules asked about other modules gets the same answer (projectQueries.ts); module summaries are kept too, so
// answering those questions parses nothing that did not change.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import {
  detachedCopy,
  summaryFromText,
  summaryToText,
  type LintSettings,
  type FilesMentioning,
  type MentionStore,
  type ModuleSummary,
  type NameStore,
  type NameUses,
  type SummaryStore,
} from '../../../server/engine/src';
// The file itself, not the runtime's index: lint workers bundle this module, and nothing else of the runtime.
import { markUsedAndRemoveStale } from '../../../runtime/src/environment/userCacheFolder';
import type { ProjectQuery } from './projectQueries';
import type { ReportedDiagnostic } from './reportedDiagnostic';

/** A cached finding: the reported diagnostic without its file (the path may be spelled another way next time). */
type CachedDiagnostic = Omit<ReportedDiagnostic, 'file'>;

/** What linting one file found, and what it depended on. */
export interface CachedLint {
  /** Digest of the file's bytes and its settings. */
  readonly key: string;
  /** The file's modification time and size then, with its settings' digest, when they can vouch for its bytes ('' if not). */
  readonly stamp: string;
  readonly queries: readonly ProjectQuery[];
  /**
   * The summary linting made of the file for the project index, as text: none when a lookup had indexed it before, nor
   * for a test module, summarised only when a lookup reaches it (then kept with the summaries, see `keep`).
   */
  readonly summary?: string;
  readonly diagnostics: readonly CachedDiagnostic[];
}

/**
 * A file's modification time and size stand for its bytes (no read, no digest) only if it had not been modified for
 * this long when it was read: a change after the read then gives it a later time. (Git's index trusts file times the
 * same way; like Ruff's cache and Git, a tool that rewrites a file keeping its size and old time goes unseen.)
 */
const SETTLED_MS = 2000;

/** A working folder's cache no run has written for this long is removed (the folder may be long gone). */
const UNUSED_DAYS = 30;

/** Cache lines written at once (a few hundred kilobytes). */
const LINES_PER_WRITE = 64;

/**
 * On disk: a first line naming the format, the version of Loopscope that wrote it (any other version's findings may
 * differ, so its whole content is dropped) and a digest of the rest, then one line per entry, fields separated by tabs:
 *   L  the file's absolute path as JSON      key  stamp  the CachedLint without key and stamp, as JSON
 *   S  the path NUL the settings digest, as JSON  key  stamp  the summary's text as a JSON string
 *   N  the file's absolute path as JSON      (no key)  stamp  the names AsyncDefNames found in it, as JSON
 *   M  a name as JSON      for each folder looked at, the digest of its files' names and stamps and the names of
 *      those mentioning it, as JSON (no key nor stamp: each folder's digest stands for its files)
 *   U  the path NUL a name, as JSON      (no key)  stamp  how the file uses the names through it (NameUses), as JSON
 * (a module is summarised with its own settings when linted, with none when looked up). Everything is ASCII (see
 * asciiJson), so no JSON holds a raw tab or line break. A run reads the file as one string and keeps each entry as a
 * view into it, `key TAB stamp TAB json`, decoding only the entries of the files it uses, when it uses them.
 */
const FORMAT = 'loopscope-lint-cache 3';

export class LintCache implements SummaryStore, NameStore, MentionStore {
  /** By absolute path: as read (an entry, see FORMAT) until used, or as made in this run. */
  private readonly lints = new Map<string, string | CachedLint>();
  /** By absolute path, NUL, settings digest: entries (see FORMAT). */
  private readonly summaries = new Map<string, string>();
  /** By absolute path: entries without a key (see FORMAT). */
  private readonly names = new Map<string, string>();
  /** By name (M), and by absolute path NUL name (U): entries without a key (see FORMAT). */
  private readonly mentions = new Map<string, string>();
  private readonly uses = new Map<string, string>();
  /** Each file's stamp as this run first saw it, by absolute path (see statNow). */
  private readonly statsNow = new Map<string, { readonly stamp?: string; readonly settled?: string }>();
  /** Each folder's stamps as this run first saw them (see folderStamps), by the folder and how many of its files. */
  private readonly folderStampsNow = new Map<string, string | undefined>();
  /** A worker's lints, until it sends them to the main thread. */
  private readonly added = new Map<string, CachedLint>();
  private readonly settingsDigests = new WeakMap<LintSettings, string>();
  private changed = false;

  private constructor(
    /** Where it is saved; null for a worker's cache, which only collects what it adds. */
    private readonly file: string | null,
    private readonly version: string,
  ) {}

  /**
   * The cache of runs from `cwd` in `folder` (read if there; a missing, damaged or other version's file is an
   * empty cache). `version` names this Loopscope (cacheVersion()).
   */
  static open(folder: string, cwd: string, version: string): LintCache {
    const cache = new LintCache(path.join(folder, `${digest(realPath(cwd)).slice(0, 16).replace(/[+/]/g, '_')}.cache`), version);
    cache.read();
    return cache;
  }

  /** A cache that starts empty and is never saved: a lint worker's, whose additions go to the main thread's. */
  static collecting(): LintCache {
    return new LintCache(null, '');
  }

  /** The cached lint of `file`, if made of these bytes with these settings. */
  lintOf(file: string, bytes: Uint8Array, settings: LintSettings): CachedLint | undefined {
    return this.lintMatching(path.resolve(file), { key: this.key(bytes, settings) });
  }

  /** The cached lint of `file` if its stamp says the file is as it was, with these settings: no need to read it. */
  lintOfUnchanged(file: string, settings: LintSettings): CachedLint | undefined {
    const absolute = path.resolve(file);
    if (!this.lints.has(absolute)) return undefined;
    const stamp = this.stampNow(absolute, this.settingsDigest(settings));
    return stamp === undefined ? undefined : this.lintMatching(absolute, { stamp });
  }

  private lintMatching(absolute: string, state: FileState): CachedLint | undefined {
    const held = this.lints.get(absolute);
    if (held === undefined || typeof held !== 'string') return held && isState(held.key, held.stamp, state) ? held : undefined;
    const entry = decodedEntry(held, state);
    if (!entry) return undefined;
    const decoded: CachedLint = { key: entry.key, stamp: entry.stamp, ...(entry.value as Omit<CachedLint, 'key' | 'stamp'>) };
    this.lints.set(absolute, decoded);
    return decoded;
  }

  /** Keeps what linting `file` (these bytes, these settings) found. */
  keepLint(
    file: string,
    bytes: Uint8Array,
    settings: LintSettings,
    found: { queries: readonly ProjectQuery[]; summary: ModuleSummary | undefined; diagnostics: readonly ReportedDiagnostic[] },
  ): void {
    const absolute = path.resolve(file);
    const lint: CachedLint = {
      key: this.key(bytes, settings),
      stamp: settledStamp(absolute, this.settingsDigest(settings)),
      queries: found.queries,
      ...(found.summary ? { summary: summaryToText(found.summary) } : {}),
      diagnostics: found.diagnostics.map(({ file: _file, ...rest }) => rest),
    };
    this.addLint(absolute, lint);
  }

  /** Keeps a lint another thread made (a worker's `takeAdded`). */
  addLint(absolutePath: string, lint: CachedLint): void {
    // A worker's cache only collects, for the main thread's; the main thread's keeps, to save.
    if (this.file === null) this.added.set(absolutePath, lint);
    else this.lints.set(absolutePath, lint);
    this.changed = true;
  }

  /** What was added since the last call, by absolute path. */
  takeAdded(absolutePath: string): CachedLint | undefined {
    const lint = this.added.get(absolutePath);
    this.added.delete(absolutePath);
    return lint;
  }

  find(file: string, bytes: Uint8Array, settings: LintSettings): ModuleSummary | undefined {
    return this.summaryMatching(file, settings, { key: this.key(bytes, settings) });
  }

  findUnchanged(file: string, settings: LintSettings): ModuleSummary | undefined {
    const stamp = this.stampNow(path.resolve(file), this.settingsDigest(settings));
    return stamp === undefined ? undefined : this.summaryMatching(file, settings, { stamp });
  }

  keep(file: string, bytes: Uint8Array, settings: LintSettings, summary: ModuleSummary): void {
    // (A worker's summaries are not sent back: a later run that needs one makes it once, then keeps it.)
    if (this.file === null) return;
    const stamp = settledStamp(path.resolve(file), this.settingsDigest(settings));
    this.summaries.set(this.summaryKey(file, settings), `${this.key(bytes, settings)}\t${stamp}\t${asciiJson(summaryToText(summary))}`);
    this.changed = true;
  }

  namesIn(file: string): readonly string[] | undefined {
    const absolute = path.resolve(file);
    const kept = this.names.get(absolute);
    if (kept === undefined) return undefined;
    const stamp = this.stampNow(absolute, '');
    const names = stamp === undefined ? undefined : decodedEntry(kept, { stamp })?.value;
    return Array.isArray(names) && names.every((name) => typeof name === 'string') ? (names as string[]) : undefined;
  }

  keepNamesIn(file: string, names: readonly string[]): void {
    const absolute = path.resolve(file);
    const stamp = settledStamp(absolute, '');
    // A worker's are not sent back; a file that may still be changing is read again next time.
    if (this.file === null || stamp === '') return;
    this.names.set(absolute, `\t${stamp}\t${asciiJson(names)}`);
    this.changed = true;
  }

  filesMentioning(name: string, files: readonly string[]): FilesMentioning | undefined {
    const kept = this.mentions.get(name);
    if (kept === undefined) return undefined;
    let folders: unknown;
    try {
      folders = JSON.parse(kept);
    } catch {
      return undefined;
    }
    if (typeof folders !== 'object' || folders === null) return undefined;
    const mentioning: string[] = [];
    const unknown: string[] = [];
    for (const [folder, inFolder] of byFolder(files)) {
      const found: unknown = (folders as Record<string, unknown>)[folder];
      const key = `${folder}\0${inFolder.length}`;
      if (!this.folderStampsNow.has(key))
        this.folderStampsNow.set(
          key,
          this.folderStamps(inFolder, (file) => this.statNow(file).stamp),
        );
      const stamps = this.folderStampsNow.get(key);
      if (Array.isArray(found) && found[0] === stamps && isStringArray(found[1]))
        for (const base of found[1]) mentioning.push(path.join(folder, base));
      else unknown.push(...inFolder);
    }
    return { mentioning, unknown };
  }

  keepFilesMentioning(name: string, files: readonly string[], mentioning: readonly string[]): void {
    // A worker's are not sent back.
    if (this.file === null) return;
    const mentions = new Set(mentioning);
    const folders: Record<string, [string, string[]]> = {};
    for (const [folder, inFolder] of byFolder(files)) {
      const stamps = this.folderStamps(inFolder, (file) => this.statNow(file).settled);
      // A folder with a file that may still be changing is read again next time.
      if (stamps !== undefined)
        folders[folder] = [stamps, inFolder.filter((file) => mentions.has(file)).map((file) => path.basename(file))];
    }
    this.mentions.set(name, asciiJson(folders));
    this.changed = true;
  }

  usesIn(file: string, name: string): NameUses | undefined {
    const kept = this.uses.get(`${file}\0${name}`);
    if (kept === undefined) return undefined;
    const stamp = this.stampNow(file, '');
    const uses = stamp === undefined ? undefined : decodedEntry(kept, { stamp })?.value;
    if (!Array.isArray(uses) || uses.length !== 4 || !uses.every(isStringArray)) return undefined;
    const [outsideCoroutines, coroutineCalls, loopFactoryBuilds, calledAfterCurrentLoop] = uses as [string[], string[], string[], string[]];
    return {
      outsideCoroutines: new Set(outsideCoroutines),
      coroutineCalls: new Set(coroutineCalls),
      loopFactoryBuilds: new Set(loopFactoryBuilds),
      calledAfterCurrentLoop: new Set(calledAfterCurrentLoop),
    };
  }

  keepUsesIn(file: string, name: string, uses: NameUses): void {
    const stamp = settledStamp(file, '');
    if (this.file === null || stamp === '') return;
    this.uses.set(
      `${file}\0${name}`,
      `\t${stamp}\t${asciiJson([[...uses.outsideCoroutines], [...uses.coroutineCalls], [...uses.loopFactoryBuilds], [...uses.calledAfterCurrentLoop]])}`,
    );
    this.changed = true;
  }

  /** A digest of the names and stamps of files of one folder, undefined if one has none. */
  private folderStamps(files: readonly string[], stampOf: (file: string) => string | undefined): string | undefined {
    const hash = createHash('sha1');
    for (const file of files) {
      const stamp = stampOf(file);
      if (stamp === undefined) return undefined;
      hash.update(path.basename(file)).update('\0').update(stamp).update('\n');
    }
    return hash.digest('base64');
  }

  /**
   * A file's (an absolute path's) modification time and size with a settings digest, as this run first saw them; undefined
   * if it cannot be read. A run reads each file once (its lint, its summary, its names, its mentions): it stats it once.
   */
  private stampNow(file: string, settingsDigest: string): string | undefined {
    const stamp = this.statNow(file).stamp;
    return stamp === undefined ? undefined : stamp + settingsDigest;
  }

  /** A file's stamp (with no settings) as this run first saw it, and that stamp if the file had settled then (see settledStamp). */
  private statNow(file: string): { readonly stamp?: string; readonly settled?: string } {
    let known = this.statsNow.get(file);
    if (!known) {
      try {
        const stat = statSync(file);
        const stamp = stampOf(stat, '');
        known = { stamp, ...(Date.now() - stat.mtimeMs >= SETTLED_MS ? { settled: stamp } : {}) };
      } catch {
        known = {};
      }
      this.statsNow.set(file, known);
    }
    return known;
  }

  private summaryMatching(file: string, settings: LintSettings, state: FileState): ModuleSummary | undefined {
    const kept = this.summaries.get(this.summaryKey(file, settings));
    if (kept === undefined) return undefined;
    const text = decodedEntry(kept, state)?.value;
    return typeof text === 'string' ? summaryFromText(text) : undefined;
  }

  /**
   * Writes the cache when this run changed it, keeping what earlier runs cached of files that still exist. A cache
   * that cannot be written (a read-only home) is only slower next time: that is no reason to fail a lint run.
   */
  save(): void {
    if (!this.file || !this.changed) return;
    const lines: string[] = [];
    const exists = new Map<string, boolean>();
    const stillThere = (file: string): boolean => {
      let known = exists.get(file);
      if (known === undefined) exists.set(file, (known = existsSync(file)));
      return known;
    };
    for (const [file, lint] of this.lints) {
      if (!stillThere(file)) continue;
      if (typeof lint === 'string') lines.push(`L\t${asciiJson(file)}\t${lint}`);
      else {
        const { key, stamp, ...rest } = lint;
        lines.push(`L\t${asciiJson(file)}\t${key}\t${stamp}\t${asciiJson(rest)}`);
      }
    }
    for (const [key, summary] of this.summaries)
      if (stillThere(key.slice(0, key.indexOf('\0')))) lines.push(`S\t${asciiJson(key)}\t${summary}`);
    for (const [file, names] of this.names) if (stillThere(file)) lines.push(`N\t${asciiJson(file)}\t${names}`);
    for (const [name, files] of this.mentions) lines.push(`M\t${asciiJson(name)}\t${files}`);
    for (const [key, uses] of this.uses) if (stillThere(key.slice(0, key.indexOf('\0')))) lines.push(`U\t${asciiJson(key)}\t${uses}`);
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeLines(temporary, this.header(), lines);
      renameSync(temporary, this.file);
      markUsedAndRemoveStale(this.file, UNUSED_DAYS);
    } catch {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Nothing was written.
      }
    }
  }

  private read(): void {
    if (!this.file) return;
    let text: string;
    try {
      // ASCII (see asciiJson): the quickest decoding; a byte past it can only be damage, which the digest then finds.
      text = readFileSync(this.file, 'ascii');
    } catch {
      return;
    }
    // The header: this version, and a digest of the rest (a damaged file is dropped whole, not trusted in part).
    const headerEnd = text.indexOf('\n');
    const header = text.slice(0, headerEnd);
    const body = text.slice(headerEnd + 1);
    if (headerEnd < 0 || header !== `${this.header()}\t${bodyDigest(body)}`) return;
    for (const line of body.split('\n')) {
      const nameEnd = line.indexOf('\t', 2);
      if (nameEnd < 0 || line[1] !== '\t') continue;
      let name: unknown;
      try {
        name = JSON.parse(line.slice(2, nameEnd));
      } catch {
        continue;
      }
      if (typeof name !== 'string') continue;
      if (line[0] === 'L') this.lints.set(name, line.slice(nameEnd + 1));
      else if (line[0] === 'S') this.summaries.set(name, line.slice(nameEnd + 1));
      else if (line[0] === 'N') this.names.set(name, line.slice(nameEnd + 1));
      else if (line[0] === 'M') this.mentions.set(name, line.slice(nameEnd + 1));
      else if (line[0] === 'U') this.uses.set(name, line.slice(nameEnd + 1));
    }
  }

  private header(): string {
    return `${FORMAT}\t${asciiJson(this.version)}`;
  }

  private key(bytes: Uint8Array, settings: LintSettings): string {
    return createHash('sha1').update(bytes).update('\0').update(this.settingsDigest(settings)).digest('base64');
  }

  private summaryKey(file: string, settings: LintSettings): string {
    return `${path.resolve(file)}\0${this.settingsDigest(settings)}`;
  }

  private settingsDigest(settings: LintSettings): string {
    let known = this.settingsDigests.get(settings);
    if (known === undefined) this.settingsDigests.set(settings, (known = digest(JSON.stringify(settings))));
    return known;
  }
}

/** This Loopscope: the package version and a digest of the running bundle (any change to the rules changes it). */
export function cacheVersion(packageVersion: string, bundle: string): string {
  let code: Buffer;
  try {
    code = readFileSync(bundle);
  } catch {
    return packageVersion;
  }
  return `${packageVersion}+${digest(code).slice(0, 16)}`;
}

/** What a lookup knows of the file as it is now: the digest of its bytes and settings, or its stamp. */
type FileState = { readonly key: string } | { readonly stamp: string };

/** Whether an entry with this key and stamp was made of the file in `state` ('' stamps never match). */
function isState(key: string, stamp: string, state: FileState): boolean {
  return 'key' in state ? key === state.key : stamp !== '' && stamp === state.stamp;
}

/**
 * An entry as kept on disk (`key TAB stamp TAB json`, see FORMAT), its JSON decoded, if it was made of the file in
 * `state`; undefined if not, or if it is not of that form.
 */
function decodedEntry(entry: string, state: FileState): { key: string; stamp: string; value: unknown } | undefined {
  const first = entry.indexOf('\t');
  const second = first < 0 ? -1 : entry.indexOf('\t', first + 1);
  if (second < 0) return undefined;
  // A decoded lint keeps its key and stamp: copies, not views that would keep the whole file read.
  const key = detachedCopy(entry.slice(0, first));
  const stamp = detachedCopy(entry.slice(first + 1, second));
  if (!isState(key, stamp, state)) return undefined;
  try {
    return { key, stamp, value: JSON.parse(entry.slice(second + 1)) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * `file`'s modification time and size now, with a settings digest, if it had not been modified for SETTLED_MS (else '':
 * its bytes must be read to be trusted).
 */
function settledStamp(file: string, settingsDigest: string): string {
  try {
    const stat = statSync(file);
    return Date.now() - stat.mtimeMs >= SETTLED_MS ? stampOf(stat, settingsDigest) : '';
  } catch {
    return '';
  }
}

/** The files by folder, in the order first seen. */
function byFolder(files: readonly string[]): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.dirname(file);
    let inFolder = folders.get(folder);
    if (!inFolder) folders.set(folder, (inFolder = []));
    inFolder.push(file);
  }
  return folders;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function stampOf(stat: Stats, settingsDigest: string): string {
  return `${stat.mtimeMs}:${stat.size}:${settingsDigest}`;
}

function digest(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('base64');
}

function realPath(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}

/** What the header says of the entries below it. The text is ASCII: its characters are its bytes. */
function bodyDigest(body: string): string {
  return createHash('sha1').update(body, 'latin1').digest('base64');
}

/**
 * Writes `header TAB digest` and the lines (bodyDigest's digest of them, each ended by a line break) a batch at a
 * time: the whole text at once would be the size of the cache three times over (joined, prefixed, encoded).
 */
function writeLines(file: string, header: string, lines: readonly string[]): void {
  const hash = createHash('sha1');
  for (const line of lines) hash.update(line, 'latin1').update('\n');
  const descriptor = openSync(file, 'w');
  try {
    writeSync(descriptor, `${header}\t${hash.digest('base64')}\n`);
    for (let start = 0; start < lines.length; start += LINES_PER_WRITE)
      writeSync(descriptor, `${lines.slice(start, start + LINES_PER_WRITE).join('\n')}\n`);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * JSON with every character past ASCII escaped (`\u2192`): V8 keeps a string with any such character at two bytes a
 * character, so a cache file read back, and each entry in it, takes half the memory. Entries are JSON inside the file's
 * JSON: escaping both keeps both one byte a character.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
