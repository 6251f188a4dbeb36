// The names a call's last part must have to reach a coroutine function of the project, for an index that loads
// modules only when a lookup asks for them (the CLI): every `async def` name, and every name something is imported
// as (`from .db import load as fetch` makes `pkg.fetch()` a coroutine call), in the files such lookups could load.
// Read from the files' text, not parsed: rules ask "could `obj.fetch()` be a coroutine call?" for every call, and
// without this answer each was resolved in full (a tenth of a cold lint). A superset is enough: a name found in a
// string or a comment only costs that call its full resolution.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { detachedCopy } from '../analysis/sourceText';
import type { FolderListings } from './folderListings';

/** `async def name` (a line continuation may split it) and `as name`. */
const DEFINED_OR_ALIASED =
  /\basync(?:\s|\\\r?\n)+def(?:\s|\\\r?\n)+([\p{L}\p{Nl}_][\p{L}\p{N}_]*)|\bas(?:\s|\\\r?\n)+([\p{L}\p{Nl}_][\p{L}\p{N}_]*)/gu;

/**
 * The names found in files by an earlier run (the CLI's lint cache keeps them), trusted while a file's time and size
 * are as they were: a run where little changed reads little.
 */
export interface NameStore {
  namesIn(file: string): readonly string[] | undefined;
  keepNamesIn(file: string, names: readonly string[]): void;
}

export class AsyncDefNames {
  /** The files read, in the order read. */
  private readonly filesRead: string[] = [];
  /** Each name found, and the files it was found in. */
  private readonly names = new Map<string, string[]>();
  /** The roots and packages read so far, in the order they came (what the caller passes only grows). */
  private readonly roots: string[] = [];
  private readonly packages: string[] = [];

  constructor(
    private readonly folders: FolderListings,
    private readonly store?: NameStore,
  ) {}

  /**
   * Reads what lookups could load below `roots` for these top-level `packages` (a module or a package each). Both
   * only grow between calls: only the new root and package pairs are read.
   */
  cover(roots: readonly string[], packages: ReadonlySet<string>): void {
    if (roots.length === this.roots.length && packages.size === this.packages.length) return;
    const newRoots = roots.slice(this.roots.length);
    const newPackages = [...packages].slice(this.packages.length);
    for (const root of this.roots) for (const name of newPackages) this.readPair(root, name);
    this.packages.push(...newPackages);
    for (const root of newRoots) for (const name of this.packages) this.readPair(root, name);
    this.roots.push(...newRoots);
  }

  private readPair(root: string, name: string): void {
    if (this.folders.has(root, `${name}.py`)) this.read(path.join(root, `${name}.py`));
    if (this.folders.has(root, name)) this.readFolder(path.join(root, name));
  }

  /** The files read so far (all those lookups could load, once `cover` was called). */
  get files(): readonly string[] {
    return this.filesRead;
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** The files read that may define an `async def` named `name`. */
  filesWith(name: string): readonly string[] {
    return this.names.get(name) ?? [];
  }

  private add(name: string, file: string): void {
    const files = this.names.get(name);
    if (files) files.push(file);
    else this.names.set(name, [file]);
  }

  private readFolder(folder: string): void {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const item = path.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== '__pycache__') this.readFolder(item);
      else if (entry.name.endsWith('.py')) this.read(item);
    }
  }

  private read(file: string): void {
    this.filesRead.push(file);
    const known = this.store?.namesIn(file);
    if (known) {
      for (const name of known) this.add(name, file);
      return;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    const found = new Set<string>();
    for (const match of text.matchAll(DEFINED_OR_ALIASED)) found.add(detachedCopy(match[1] ?? match[2]!));
    for (const name of found) this.add(name, file);
    this.store?.keepNamesIn(file, [...found]);
  }
}
