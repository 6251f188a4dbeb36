// For clients that cannot watch files for the server (Neovim 0.7 has no `workspace/didChangeWatchedFiles`):
// the server watches, itself, the folders it read configuration files in, so that an edited
// pyproject.toml or loopscope.toml applies without a restart; also the package folders of a monorepo root, whose
// pyproject.toml files can give the target version of the code beside them.
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { monorepoPackageFolders, SETTINGS_FILE_NAMES } from '../../engine/src';

/** Editors save in bursts (write, rename, chmod): one reaction per burst. */
const SETTLE_MS = 50;

export class ConfigFileWatcher {
  private readonly watchers = new Map<string, FSWatcher | null>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onChange: () => void,
    private readonly log: (message: string) => void,
  ) {}

  /** Watches every folder above `file`, where the configuration that applies to it is looked for, and their packages. */
  watchFoldersAbove(file: string): void {
    let folder = path.dirname(file);
    for (;;) {
      for (const watched of [folder, ...monorepoPackageFolders(folder)]) if (!this.watchers.has(watched)) this.watchFolder(watched);
      const parent = path.dirname(folder);
      if (parent === folder) return;
      folder = parent;
    }
  }

  private watchFolder(folder: string): void {
    try {
      const watcher = watch(folder, { persistent: false }, (_event, name) => {
        // Without a name (some platforms), any change may be one.
        if (name === null || SETTINGS_FILE_NAMES.includes(String(name))) this.changed();
      });
      watcher.on('error', () => {
        watcher.close();
        this.watchers.delete(folder); // a deleted folder: watched again when a document there opens
      });
      this.watchers.set(folder, watcher);
    } catch (error) {
      // A folder that does not exist yet (an unsaved document's): tried again with the next document there.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      // Out of watches, no permission: said once.
      this.watchers.set(folder, null);
      this.log(`cannot watch ${folder} for configuration changes (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  close(): void {
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher?.close();
    this.watchers.clear();
  }

  private changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, SETTLE_MS);
  }
}
