// Where the runtime's memory snapshot is kept (runtime/src/environment/snapshotFolder.ts): the user cache folder,
// one subfolder per install, the overrides, the pruning of installs no run has used for a month, and the note
// when nothing is writable.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { snapshotFolder } from '../../runtime/src/environment/snapshotFolder';

const scratch = mkdtempSync(path.join(tmpdir(), 'loopscope-snapshot-folder-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function install(name: string): string {
  const dist = path.join(scratch, name, 'dist');
  mkdirSync(dist, { recursive: true });
  return dist;
}

const DAY_MS = 24 * 60 * 60 * 1000;

describe('runtime snapshot folder', () => {
  it('is snapshots/<install> in the user cache folder: one per install, the same on every run', () => {
    const cache = path.join(scratch, 'cache');
    const first = snapshotFolder(install('a'), { LOOPSCOPE_CACHE_DIR: cache });
    const again = snapshotFolder(install('a'), { LOOPSCOPE_CACHE_DIR: cache });
    const other = snapshotFolder(install('b'), { LOOPSCOPE_CACHE_DIR: cache });
    assert.equal(first.note, null);
    assert.match(first.folder ?? '', new RegExp(`^${escape(path.join(cache, 'snapshots'))}${escape(path.sep)}[0-9a-f]{12}$`));
    assert.equal(again.folder, first.folder);
    assert.notEqual(other.folder, first.folder);
    assert.equal(path.dirname(other.folder!), path.dirname(first.folder!));
    assert.ok(statSync(first.folder!).isDirectory());
  });

  it('follows XDG_CACHE_HOME, and LOOPSCOPE_SNAPSHOT_DIR names the folder itself', () => {
    const xdg = path.join(scratch, 'xdg');
    assert.equal(path.dirname(snapshotFolder(install('a'), { XDG_CACHE_HOME: xdg }).folder!), path.join(xdg, 'loopscope', 'snapshots'));
    const chosen = path.join(scratch, 'chosen', 'snapshots');
    assert.deepEqual(snapshotFolder(install('a'), { LOOPSCOPE_SNAPSHOT_DIR: chosen, XDG_CACHE_HOME: xdg }), { folder: chosen, note: null });
    assert.ok(existsSync(chosen));
  });

  it('removes the folders of installs no run has used for 30 days, and marks its own as used', () => {
    const cache = path.join(scratch, 'pruned');
    const own = snapshotFolder(install('a'), { LOOPSCOPE_CACHE_DIR: cache }).folder!;
    const stale = snapshotFolder(install('gone'), { LOOPSCOPE_CACHE_DIR: cache }).folder!;
    const recent = snapshotFolder(install('b'), { LOOPSCOPE_CACHE_DIR: cache }).folder!;
    writeFileSync(path.join(stale, 'snapshot-0123456789abcdef.bin'), '');
    const monthsAgo = new Date(Date.now() - 40 * DAY_MS);
    utimesSync(stale, monthsAgo, monthsAgo);
    utimesSync(recent, new Date(Date.now() - 10 * DAY_MS), new Date(Date.now() - 10 * DAY_MS));
    utimesSync(own, monthsAgo, monthsAgo);
    assert.equal(snapshotFolder(install('a'), { LOOPSCOPE_CACHE_DIR: cache }).folder, own);
    assert.equal(existsSync(stale), false, 'unused for 40 days: removed');
    assert.equal(existsSync(recent), true, 'used 10 days ago: kept');
    assert.ok(Date.now() - statSync(own).mtimeMs < DAY_MS, 'this install’s folder is marked as used');
  });

  it('with no writable folder: none, and one line saying why and what to set', () => {
    const file = path.join(scratch, 'a-file');
    writeFileSync(file, '');
    const cacheUnderFile = snapshotFolder(install('a'), { LOOPSCOPE_CACHE_DIR: path.join(file, 'cache') });
    assert.equal(cacheUnderFile.folder, null);
    assert.match(
      cacheUnderFile.note ?? '',
      new RegExp(
        `^loopscope: cannot write the runtime's snapshot to ${escape(path.join(file, 'cache', 'snapshots'))}.[0-9a-f]{12} \\(ENOTDIR\\), ` +
          'so every run starts Python from scratch; set LOOPSCOPE_CACHE_DIR to a writable folder$',
      ),
    );
    const chosenUnderFile = snapshotFolder(install('a'), { LOOPSCOPE_SNAPSHOT_DIR: path.join(file, 'snapshots') });
    assert.equal(chosenUnderFile.folder, null);
    assert.match(chosenUnderFile.note ?? '', /set LOOPSCOPE_SNAPSHOT_DIR to a writable folder$/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
