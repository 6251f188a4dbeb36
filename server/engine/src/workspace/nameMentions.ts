// The modules of a CLI run whose source mentions a name, and how each uses the names through it: read again from their
// files only when a rule asks how the project uses a function of that name (LOOP201: a public function only coroutines
// call), for summarising every module's every imported name cost a tenth of a lint. The lint cache keeps both.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SyntaxTree } from '../analysis/pythonParser';
import { SemanticModel } from '../analysis/semanticModel';
import { decodePythonSource } from '../analysis/sourceText';
import { ParserNotReadyError, type Linter } from '../linter/linter';
import type { ModuleIdentity } from './moduleNames';
import { namesThrough, type NameUses } from './usesOutsideCoroutines';
import type { ModuleMentioning } from './workspaceIndex';

/**
 * What earlier runs found (the CLI's lint cache), so that a run where the files did not change reads and parses none of
 * them again to answer the same question. Files are absolute paths.
 */
export interface MentionStore {
  /**
   * Of `files`, those whose text mentioned `lastName` when read, among the files the store can vouch are as they were
   * then; the others, to be read again, are `unknown`. Undefined when it keeps nothing for that name.
   */
  filesMentioning(lastName: string, files: readonly string[]): FilesMentioning | undefined;
  keepFilesMentioning(lastName: string, files: readonly string[], mentioning: readonly string[]): void;
  /** How `file` uses the names through `lastName` (see namesThrough), if found when it was as it is now. */
  usesIn(file: string, lastName: string): NameUses | undefined;
  keepUsesIn(file: string, lastName: string, uses: NameUses): void;
}

/** What a MentionStore knows of the files mentioning a name. */
export interface FilesMentioning {
  readonly mentioning: readonly string[];
  readonly unknown: readonly string[];
}

/**
 * At most this many bytes of the project's files are kept once a question has read them all for a name: reading them
 * again for each name asked was most of what such a question cost.
 */
const MAX_SOURCE_BYTES_KEPT = 64 * 1024 * 1024;

export class NameMentions {
  /** For each last name asked about, the modules mentioning it. */
  private readonly found = new Map<string, readonly ModuleMentioning[]>();
  /** The bytes of the files read, by absolute path (null: unreadable), within MAX_SOURCE_BYTES_KEPT. */
  private readonly sources = new Map<string, Buffer | null>();
  private sourceBytesKept = 0;

  /**
   * `files`: the files of the project (by the paths the index knows them by), those of the run and those lookups may
   * load; `identityOf`: where a file sits among Python's modules.
   */
  constructor(
    private readonly linter: Linter,
    private readonly files: () => readonly string[],
    private readonly identityOf: (file: string) => ModuleIdentity,
    private readonly store?: MentionStore,
  ) {}

  /** The modules whose source mentions `lastName` as a word: those that may use a function of that name. */
  of(lastName: string): readonly ModuleMentioning[] {
    let mentioning = this.found.get(lastName);
    if (!mentioning) this.found.set(lastName, (mentioning = this.find(lastName)));
    return mentioning;
  }

  private find(lastName: string): ModuleMentioning[] {
    const given = new Map<string, string>();
    for (const file of this.files()) {
      const absolute = path.resolve(file);
      if (!given.has(absolute)) given.set(absolute, file);
    }
    const files = [...given.keys()];
    const kept = this.store?.filesMentioning(lastName, files);
    const word = new RegExp(`(?<![\\p{L}\\p{N}_])${lastName}(?![\\p{L}\\p{N}_])`, 'u');
    const spelled = Buffer.from(lastName);
    const mentions = (file: string): boolean => {
      const bytes = this.sourceOf(file);
      if (!bytes?.includes(spelled)) return false;
      const decoded = decodePythonSource(bytes);
      return decoded.ok && word.test(decoded.text);
    };
    // Read again: the files the store cannot vouch for (all of them without a store, or the first time).
    const unknown = kept ? new Set(kept.unknown) : undefined;
    const known = new Set(kept?.mentioning);
    const mentioning = files.filter((file) => (unknown && !unknown.has(file) ? known.has(file) : mentions(file)));
    if (!kept || kept.unknown.length > 0) this.store?.keepFilesMentioning(lastName, files, mentioning);
    return mentioning.map((file) => this.mentionIn(given.get(file) ?? file, lastName));
  }

  /** A module whose source mentions `lastName`, parsed again (once) if asked how it uses the name. */
  private mentionIn(file: string, lastName: string): ModuleMentioning {
    const identity = this.identityOf(file);
    let uses: NameUses | null | undefined;
    return {
      file,
      module: identity.name,
      uses: () => {
        if (uses === undefined) uses = this.usesIn(file, identity, lastName) ?? null;
        return uses ?? undefined;
      },
      // (Python source is in an ASCII-compatible encoding: an ASCII fragment is found in its bytes.)
      includes: (fragment) => this.sourceOf(path.resolve(file))?.includes(fragment) === true,
    };
  }

  private usesIn(file: string, identity: ModuleIdentity, lastName: string): NameUses | undefined {
    const absolute = path.resolve(file);
    const kept = this.store?.usesIn(absolute, lastName);
    if (kept) return kept;
    const bytes = this.sourceOf(absolute);
    const decoded = bytes && decodePythonSource(bytes);
    if (!decoded?.ok) return undefined;
    if (!this.linter.canParse) throw new ParserNotReadyError();
    let tree: SyntaxTree;
    try {
      tree = this.linter.parse(decoded.text);
    } catch {
      // Too large to parse (or the parser failed): linting it reports why.
      return undefined;
    }
    try {
      const uses = namesThrough(SemanticModel.build(tree.rootNode), identity, lastName);
      this.store?.keepUsesIn(absolute, lastName, uses);
      return uses;
    } finally {
      tree.delete();
    }
  }

  /** The bytes of a file (an absolute path), kept within MAX_SOURCE_BYTES_KEPT. */
  private sourceOf(file: string): Buffer | undefined {
    const kept = this.sources.get(file);
    if (kept !== undefined) return kept ?? undefined;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      this.sources.set(file, null);
      return undefined;
    }
    if (this.sourceBytesKept + bytes.length <= MAX_SOURCE_BYTES_KEPT) {
      this.sourceBytesKept += bytes.length;
      this.sources.set(file, bytes);
    }
    return bytes;
  }
}
