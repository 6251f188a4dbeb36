// Whether files exist, answered from folder listings read once each. Looking a module up tries its name part by
// part below every import root, and module names walk up through `__init__.py` files: over a 900-file corpus that
// was a quarter of a million existence checks, nearly all of paths below folders that do not exist. A listing
// answers every check in its folder, and a folder missing from its parent's listing answers every check below it.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export class FolderListings {
  /** Names in each folder read so far; null for a path that is not a readable folder. */
  private readonly listings = new Map<string, ReadonlySet<string> | null>();

  /** Whether `file` (an absolute path) names an entry of its folder, as Python's import system sees it (exact case). */
  exists(file: string): boolean {
    return this.has(path.dirname(file), path.basename(file));
  }

  /** Whether `folder` (an absolute path) has an entry `name`: `exists` without making and taking apart a path. */
  has(folder: string, name: string): boolean {
    return this.listing(folder)?.has(name) ?? false;
  }

  private listing(folder: string): ReadonlySet<string> | null {
    let listing = this.listings.get(folder);
    if (listing !== undefined) return listing;
    const parent = path.dirname(folder);
    // The file system's root is listed directly; any other folder only if its parent lists it.
    if (parent !== folder && !this.listing(parent)?.has(path.basename(folder))) listing = null;
    else {
      try {
        listing = new Set(readdirSync(folder));
      } catch {
        listing = null;
      }
    }
    this.listings.set(folder, listing);
    return listing;
  }
}
