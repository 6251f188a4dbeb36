// What `npm run package` puts in the .vsix, by the same listing vsce packages from: only the allowlist of
// .vscodeignore — the bundles and wasm in dist/ (no source maps), docs, grammars, icon, README, LICENSE.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { listFiles, PackageManager } from '@vscode/vsce';

const ROOT = path.join(__dirname, '..', '..');
const ALLOWED =
  /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|images\/icon\.png|images\/views\.svg|images\/screenshots\/[\w-]+\.png|dist\/.+|docs\/.+|syntaxes\/.+)$/;

describe('packaged extension', () => {
  it('holds only allowlisted files, and everything the installed extension loads', async () => {
    const files = (await listFiles({ cwd: ROOT, packageManager: PackageManager.None })).map((file) => file.split(path.sep).join('/'));
    const unexpected = files.filter((file) => !ALLOWED.test(file) || file.endsWith('.map'));
    assert.deepEqual(unexpected, []);
    // npm test builds dist/ first; the server loads these wasm files from beside its bundle.
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'images/icon.png',
      'dist/extension.js',
      'dist/server.js',
      'dist/web-tree-sitter.wasm',
      'dist/tree-sitter-python.wasm',
      'dist/debugSession.js',
      'dist/debugAdapter.js',
      'dist/runtimeWorker.js',
      'dist/webview/callGraph.js',
      'dist/webview/callGraph.css',
      'dist/webview/timeline.js',
      'dist/webview/timeline.css',
      'images/views.svg',
    ]) {
      assert.ok(files.includes(needed), `${needed} is packaged`);
    }
  });
});
