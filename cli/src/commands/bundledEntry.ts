// The language server and the debug adapter are bundles of their own beside the CLI (dist/server.js,
// dist/debugAdapter.js); `loopscope server` and `loopscope debug-adapter` load them into this process rather
// than carry a second copy inside dist/cli.js.
import path from 'node:path';
import { findDistDir } from '../../../runtime/src/index';

/** The exports of dist/<name>.js, typed by its source module (pass `typeof import('…')`). */
export function loadBundledEntry<T>(name: 'server' | 'debugAdapter'): T {
  return require(path.join(findDistDir(), `${name}.js`)) as T;
}
