// The memory snapshot an install ships (runtime/src/pythonSnapshot.ts, made at package time by
// scripts/shipSnapshot.ts): a first run with an empty cache loads it and makes none; it holds nothing of where it
// was made (install path, Node.js version, time zone), so one made on the build machine fits every install; and a run started
// from it sees its own host (time zone, sys.executable, Node.js version), not the one that made it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bootRuntime, findDistDir, shippedSnapshot, SHIPPED_SNAPSHOT_FOLDER } from '../../runtime/src/index';

// Snapshots made in this process are made in UTC (workers start with the process's zone); the runs below are not.
process.env.TZ = 'UTC';

const scratch = mkdtempSync(path.join(tmpdir(), 'loopscope-shipped-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of dist/ (no source maps, no snapshot) at `name`: an install of its own. */
function install(name: string): string {
  const distDir = path.join(scratch, name, 'dist');
  const from = findDistDir();
  cpSync(from, distDir, {
    recursive: true,
    filter: (file) => !file.endsWith('.map') && path.relative(from, file) !== SHIPPED_SNAPSHOT_FOLDER,
  });
  return distDir;
}

async function makeSnapshot(distDir: string, folder: string): Promise<Buffer> {
  const booted = bootRuntime({ distDir, snapshotDir: folder, wasmTier: 'startup', keepCompiledCode: false, cacheEnv: {} });
  const report = await booted.whenBooted();
  await booted.dispose();
  assert.equal(report.snapshot, 'created');
  const [file] = readdirSync(folder).filter((name) => name.endsWith('.bin'));
  return readFileSync(path.join(folder, file!));
}

/** The zone's offset from UTC now, in seconds (time.localtime().tm_gmtoff). */
function offsetNow(zone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date());
  const match = /GMT(?:([+-])(\d\d):(\d\d))?/.exec(name.find((part) => part.type === 'timeZoneName')!.value)!;
  return match[1] ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60) : 0;
}

function differingBytes(a: Buffer, b: Buffer): number {
  let count = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) count++;
  return count;
}

describe("the runtime's shipped snapshot", { concurrency: 1 }, () => {
  let shortInstall: string;
  let longInstall: string;
  let shipped: Buffer;
  let cached: Buffer;

  before(async () => {
    shortInstall = install('a');
    longInstall = install('an-install-with-a-much-longer-path');
    shipped = await makeSnapshot(shortInstall, path.join(shortInstall, SHIPPED_SNAPSHOT_FOLDER));
    cached = await makeSnapshot(longInstall, path.join(scratch, 'long-install-cache'));
  });

  it('is loaded by a first run with an empty cache, which makes none', async () => {
    assert.ok(shippedSnapshot(shortInstall));
    const cache = path.join(scratch, 'empty-cache');
    const booted = bootRuntime({ distDir: shortInstall, snapshotDir: cache, cacheEnv: {} });
    const report = await booted.whenBooted();
    await booted.dispose();
    assert.equal(report.snapshot, 'loaded');
    assert.equal(existsSync(cache) && readdirSync(cache).length > 0, false, 'nothing is cached');
  });

  it('holds nothing of where it was made: two installs make the same bytes but for random state', () => {
    // Of the Node.js that made it, it holds sys._emscripten_info.runtime ('Node.js v20.20.2'; Node 21 and later are
    // made to name themselves so too), which a run replaces (below). A snapshot made by Node 20 and one made by Node 24
    // differ as two made by one do.
    assert.equal(shipped.length, cached.length);
    // Random state (random's Mersenne Twister, mimalloc's) and a few clock readings, about 3 KB; an install path or
    // a Node.js version in the heap moves every later allocation (some 8 MB differ).
    const differing = differingBytes(shipped, cached);
    assert.ok(differing < 64 * 1024, `${differing} bytes differ`);
    for (const snapshot of [shipped, cached]) {
      for (const host of [scratch, `Node.js/${process.versions.node.split('.')[0]}`]) {
        assert.equal(snapshot.indexOf(host), -1, `the snapshot holds ${host}`);
      }
    }
  });

  it("a run from another install's snapshot, made elsewhere, sees its own host", () => {
    const program = path.join(scratch, 'host.py');
    writeFileSync(
      program,
      [
        'import sys, time',
        'local = time.localtime()',
        'print(time.tzname, time.timezone, time.altzone, time.daylight)',
        'print(local.tm_zone == time.strftime("%Z", local) == time.tzname[local.tm_isdst], local.tm_gmtoff)',
        'print(sys.executable, sys._emscripten_info.runtime)',
      ].join('\n'),
    );
    const zones: [string, string][] = [
      ['America/New_York', "('UTC-0500', 'UTC-0400') 18000 14400 1"],
      ['Australia/Sydney', "('UTC+1000', 'UTC+1100') -36000 -39600 1"],
      ['Asia/Kolkata', "('UTC+0530', 'UTC+0530') -19800 -19800 0"],
    ];
    for (const [zone, constants] of zones) {
      // The long install's CLI, with the short one's snapshot (made in UTC) as its cache.
      const run = spawnSync(process.execPath, [path.join(longInstall, 'cli.js'), 'run', program], {
        encoding: 'utf8',
        env: { ...process.env, TZ: zone, LOOPSCOPE_SNAPSHOT_DIR: path.join(shortInstall, SHIPPED_SNAPSHOT_FOLDER) },
        timeout: 120_000,
      });
      assert.equal(run.status, 0, run.stderr);
      const [first, second, third] = run.stdout.trimEnd().split('\n');
      assert.equal(first, constants, zone);
      assert.equal(second, `True ${offsetNow(zone)}`, zone);
      assert.equal(third, `${path.join(longInstall, 'runtimeWorker.js')} Node.js ${process.version}`);
    }
    assert.equal(readdirSync(path.join(shortInstall, SHIPPED_SNAPSHOT_FOLDER)).length, 1, 'the runs made no snapshot');
  });
});
