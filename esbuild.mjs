// Builds one bundle per entry point into dist/ and copies the wasm assets they load at run time.
// Usage: node esbuild.mjs [--watch] [--production] [--snapshot]; --snapshot also makes the runtime's memory snapshot
// that the .vsix ships, dist/snapshot (scripts/shipSnapshot.ts), and without it dist/ has none.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const snapshot = process.argv.includes('--snapshot');

/** Each entry becomes dist/<name>.js. Entries whose source does not exist yet are skipped. */
const entries = [
  { name: 'extension', source: 'client/src/extension.ts', external: ['vscode'] },
  { name: 'server', source: 'server/src/server.ts' },
  { name: 'cli', source: 'cli/src/cli.ts', banner: '#!/usr/bin/env node' },
  { name: 'lintWorker', source: 'cli/src/lint/lintWorker.ts' },
  { name: 'debugAdapter', source: 'debug-adapter/src/main.ts' },
  // The adapter as a library, loaded by the extension on the first inline debug session (not at activation).
  { name: 'debugSession', source: 'debug-adapter/src/inlineSession.ts' },
  { name: 'runtimeWorker', source: 'runtime/src/worker/runtimeWorker.ts' },
  // Started by a runtime worker on its program's first I/O: the program's sockets, servers and name queries.
  { name: 'ioWorker', source: 'runtime/src/io/ioWorker.ts' },
  // Webview scripts: browser bundles with everything inside (the layout library too), loaded under a strict CSP.
  { name: 'webview/callGraph', source: 'client/webview/callGraph.ts', browser: true },
  { name: 'webview/timeline', source: 'client/webview/timeline.ts', browser: true },
];

/** Files copied verbatim next to the bundles (they are loaded by path at run time). */
const assets = [
  ['web-tree-sitter/web-tree-sitter.wasm', 'web-tree-sitter.wasm'],
  ['tree-sitter-python/tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
  // CPython for the runtime worker: loaded from dist/pyodide (indexURL), never downloaded.
  ...['pyodide.asm.wasm', 'pyodide.asm.mjs', 'pyodide.mjs', 'python_stdlib.zip', 'pyodide-lock.json'].map((file) => [
    `pyodide/${file}`,
    `pyodide/${file}`,
  ]),
];

/** Folders copied verbatim (files with these endings): the runtime's Python package, written into Pyodide's file
 * system at start-up, and the webviews' stylesheets. */
const assetFolders = [
  ['runtime/python/_loopscope', 'python/_loopscope', '.py'],
  ['client/webview', 'webview', '.css'],
];

const IMPORT_META_URL_SHIM = "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;";

mkdirSync('dist', { recursive: true });
for (const [from, to] of assets) {
  mkdirSync(path.dirname(path.join('dist', to)), { recursive: true });
  copyFileSync(resolvePackageFile(from), path.join('dist', to));
}
for (const [from, to, ending] of assetFolders) copyFolder(from, path.join('dist', to), ending);

/** Copies the files with this ending, and the folders below, keeping their layout. */
function copyFolder(from, to, ending) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== '__pycache__') copyFolder(path.join(from, entry.name), path.join(to, entry.name), ending);
    else if (entry.name.endsWith(ending)) copyFileSync(path.join(from, entry.name), path.join(to, entry.name));
  }
}

const contexts = await Promise.all(
  entries
    .filter((entry) => existsSync(entry.source))
    .map((entry) =>
      esbuild.context(
        entry.browser
          ? {
              entryPoints: { [entry.name]: entry.source },
              bundle: true,
              platform: 'browser',
              format: 'iife',
              target: 'chrome114',
              outdir: 'dist',
              sourcemap: true,
              minify: production,
              logLevel: 'warning',
            }
          : {
              entryPoints: { [entry.name]: entry.source },
              bundle: true,
              platform: 'node',
              format: 'cjs',
              target: 'node20',
              outdir: 'dist',
              sourcemap: true,
              minify: production,
              external: entry.external ?? [],
              // ESM dependencies (web-tree-sitter, pyodide) read import.meta.url to find their files; in a
              // CommonJS bundle that is this bundle's own URL.
              banner: { js: [entry.banner, IMPORT_META_URL_SHIM].filter(Boolean).join('\n') },
              define: { 'import.meta.url': '__importMetaUrl' },
              logLevel: 'warning',
            },
      ),
    ),
);

if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  // The extension ships the runtime's memory snapshot, made from the files just copied (vscode:prepublish). Other
  // builds have none (a stale one would be skipped anyway): runs make and cache their own, the tests' and the npm
  // package's (which leaves the snapshot's 31 MB out: it mostly lints, in pre-commit and CI).
  rmSync(path.join('dist', 'snapshot'), { recursive: true, force: true });
  // Snapshots builds before the user cache kept in dist/pyodide: never loaded, and the .vsix would carry them (a
  // .vscodeignore exclusion cannot undo its `!dist/**` allowlist).
  for (const name of readdirSync(path.join('dist', 'pyodide'))) {
    if (name.startsWith('snapshot-')) rmSync(path.join('dist', 'pyodide', name), { force: true });
  }
  if (snapshot) {
    const made = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/shipSnapshot.ts', 'dist'], {
      stdio: 'inherit',
      env: { ...process.env, TZ: 'UTC' },
    });
    if (made.status !== 0) process.exit(made.status ?? 1);
  }
}

/** Packages are installed flat by npm; some hide their wasm behind an `exports` map, so go by path. */
function resolvePackageFile(specifier) {
  const file = path.join('node_modules', specifier);
  if (!existsSync(file)) throw new Error(`build: ${file} is missing; run npm ci first`);
  return file;
}
