// Run by the build that packages the extension (`node esbuild.mjs --production --snapshot`, vscode:prepublish): makes
// the memory snapshot of a started CPython that the .vsix ships, dist/snapshot/snapshot-<key>.bin, which runs load
// read-only: no install spends about 3 s making its own before its first debug session starts (pythonSnapshot.ts).
// The build runs it under TZ=UTC, so that the same files make the same snapshot on any machine (each run reads its
// own time zone again).
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { bootRuntime, shippedSnapshot, SHIPPED_SNAPSHOT_FOLDER } from '../runtime/src/index';

async function main(): Promise<void> {
  const distDir = path.resolve(process.argv[2] ?? 'dist');
  const folder = path.join(distDir, SHIPPED_SNAPSHOT_FOLDER);
  // Made afresh, not loaded: the worker would take a snapshot already there that fits.
  rmSync(folder, { recursive: true, force: true });
  const started = performance.now();
  const booted = bootRuntime({ distDir, snapshotDir: folder, wasmTier: 'startup', keepCompiledCode: false, cacheEnv: {} });
  const report = await booted.whenBooted();
  await booted.dispose();
  const file = shippedSnapshot(distDir);
  if (report.snapshot !== 'created' || file === null) throw new Error(`the runtime made no snapshot in ${folder} (${report.snapshot})`);
  const megabytes = (statSync(file).size / 1024 / 1024).toFixed(0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`build: ${path.relative(process.cwd(), file)}, the runtime's snapshot (${megabytes} MB, made in ${seconds} s)`);
}

main().catch((error: unknown) => {
  console.error(`build: could not make the runtime's snapshot: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
