// A class another module builds only after getting the current loop (`self.loop = asyncio.get_event_loop()`, then
// `Manager(...)`): its own `get_event_loop()` cannot raise, for the caller's raises first. LOOP201 leaves it out, in the
// CLI (which reads the modules mentioning it) and in the language server's index of every module alike.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Linter } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import { moduleIdentity } from '../../server/engine/src/workspace/moduleNames';
import { ProjectIndexer } from '../../server/engine/src/workspace/projectIndexer';
import { WorkspaceIndex } from '../../server/engine/src/workspace/workspaceIndex';
import { makeProject, runCli } from '../cli/runCli';

const MANAGER = `import asyncio


class Manager:
    def __init__(self, settings):
        self.settings = settings
        self.loop = asyncio.get_event_loop()
`;

const APP = `import asyncio

from .manager import Manager


class App:
    def prepare(self):
        self.loop = asyncio.get_event_loop()
        self.manager = Manager({})


async def serve():
    return Manager({})
`;

const FILES = { 'app/__init__.py': '', 'app/manager.py': MANAGER, 'app/main.py': APP };

interface CliFinding {
  readonly file: string;
  readonly line: number;
}

/** The lines of manager.py LOOP201 reports, from the CLI and from the language server's index of every module. */
async function managerLines(files: Record<string, string>, folders = ['app']): Promise<[number[], number[]]> {
  const root = makeProject(files);
  const result = runCli(['lint', '--format', 'json', '--select', 'LOOP201', '--no-cache', ...folders], root, undefined, {
    LOOPSCOPE_NO_CACHE: '',
  });
  const cli = (JSON.parse(result.stdout) as CliFinding[])
    .filter((finding) => finding.file.endsWith('manager.py'))
    .map((finding) => finding.line);
  const linter = await Linter.create(RULES);
  const indexer = new ProjectIndexer(linter, new WorkspaceIndex());
  for (const name of Object.keys(files)) indexer.indexFile(path.join(root, name));
  const manager = path.join(root, 'app', 'manager.py');
  const server = linter
    .lintText(readFileSync(manager, 'utf8'), { select: ['LOOP201'] }, indexer.index.view(moduleIdentity(manager), manager))
    .diagnostics.map((diagnostic) => diagnostic.start.row + 1);
  return [cli, server];
}

describe('LOOP201: a class other modules build only after getting the current loop', () => {
  test('built after `self.loop = asyncio.get_event_loop()` and in a coroutine: left out, in the CLI and the server alike', async () => {
    for (const lines of await managerLines(FILES)) assert.deepEqual(lines, []);
  });

  test('built so by an example outside the package, which stands for its users: reported', async () => {
    const example =
      'import asyncio\nfrom app.manager import Manager\n\n\ndef main():\n    loop = asyncio.get_event_loop()\n    return Manager(loop)\n';
    for (const lines of await managerLines({ ...FILES, 'examples/run.py': example }, ['app', 'examples'])) assert.deepEqual(lines, [7]);
  });

  test('also built before any loop is got, or after the loop was unset: reported', async () => {
    for (const other of [
      'from .manager import Manager\n\n\ndef make():\n    return Manager(None)\n',
      'import asyncio\nfrom .manager import Manager\n\n\ndef make():\n    asyncio.get_event_loop().close()\n    asyncio.set_event_loop(None)\n    return Manager(None)\n',
      'import asyncio\nfrom .manager import Manager\n\n\ndef make():\n    manager = Manager(None)\n    return manager, asyncio.get_event_loop()\n',
    ])
      for (const lines of await managerLines({ ...FILES, 'app/other.py': other })) assert.deepEqual(lines, [7], other);
  });
});
