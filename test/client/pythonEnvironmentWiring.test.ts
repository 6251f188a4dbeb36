// How the extension tells the runtime which environment to use, without VS Code: the Python extension's API
// (absent, inactive, failing, slow to answer), the launch configuration it completes, and Run File's command.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { withEditorContext } from '../../client/src/debug/launchConfigurations';
import { interpreterFromPythonExtension, type InstalledExtension } from '../../client/src/debug/pythonExtensionInterpreter';
import { runFileArguments } from '../../client/src/debug/runFileCommandLine';
import { EDITOR_CONTEXT_ATTRIBUTE } from '../../protocol/debugProtocol';

function pythonExtension(environments: unknown, active = true): InstalledExtension & { activations: number } {
  const extension = {
    isActive: active,
    activations: 0,
    exports: active ? { environments } : undefined,
    activate(): Thenable<unknown> {
      extension.activations++;
      return Promise.resolve({ environments });
    },
  };
  return extension;
}

const environments = (active: { id: string; path: string }, executable?: string) => ({
  getActiveEnvironmentPath: () => active,
  resolveEnvironment: () => Promise.resolve(executable ? { executable: { uri: { fsPath: executable } } } : undefined),
});

describe('the Python extension’s selected interpreter', () => {
  it('is the resolved executable, else the active path; the extension is activated when needed', async () => {
    const resolved = pythonExtension(environments({ id: 'x', path: '/proj/.venv' }, '/proj/.venv/bin/python'), false);
    assert.equal(await interpreterFromPythonExtension(resolved, undefined), '/proj/.venv/bin/python');
    assert.equal(resolved.activations, 1);
    assert.equal(
      await interpreterFromPythonExtension(pythonExtension(environments({ id: 'y', path: '/usr/bin/python3' })), undefined),
      '/usr/bin/python3',
    );
  });

  it('is undefined, never an error, without the extension or when its API fails or is not what we expect', async () => {
    const logged: string[] = [];
    assert.equal(await interpreterFromPythonExtension(undefined, undefined), undefined);
    assert.equal(await interpreterFromPythonExtension(pythonExtension({ nothing: true }), undefined), undefined);
    const throwing = pythonExtension({
      getActiveEnvironmentPath: () => {
        throw new Error('not ready');
      },
      resolveEnvironment: () => Promise.resolve(undefined),
    });
    assert.equal(await interpreterFromPythonExtension(throwing, undefined, (message) => logged.push(message)), undefined);
    assert.match(logged[0]!, /not ready/);
    const failing: InstalledExtension = {
      isActive: false,
      exports: undefined,
      activate: () => Promise.reject(new Error('activation failed')),
    };
    assert.equal(await interpreterFromPythonExtension(failing, undefined), undefined);
    assert.equal(await interpreterFromPythonExtension(pythonExtension(environments({ id: 'z', path: '' })), undefined), undefined);
  });
});

describe('launch configurations and Run File', () => {
  const base = { type: 'loopscope', request: 'launch', name: 'x', program: '/w/app/main.py' };

  it('the selected interpreter becomes "python" unless the configuration names one; the workspace folder is passed', () => {
    assert.deepEqual(withEditorContext(base, { interpreter: '/w/.venv/bin/python', workspaceFolder: '/w' }), {
      ...base,
      python: '/w/.venv/bin/python',
      [EDITOR_CONTEXT_ATTRIBUTE]: { pythonFromExtension: true, workspaceFolder: '/w' },
    });
    assert.deepEqual(withEditorContext({ ...base, python: '/mine/python' }, { interpreter: '/w/.venv/bin/python' }), {
      ...base,
      python: '/mine/python',
    });
    assert.deepEqual(withEditorContext(base, {}), base);
  });

  it('Run File passes --python for the selected interpreter, or the workspace’s .venv the CLI would not look for', () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'loopscope-runfile-'));
    mkdirSync(path.join(workspace, '.venv'));
    writeFileSync(path.join(workspace, '.venv', 'pyvenv.cfg'), 'version = 3.12.0\n');
    mkdirSync(path.join(workspace, 'app'));
    const file = path.join(workspace, 'app', 'main.py');
    assert.deepEqual(runFileArguments('cli.js', file, { interpreter: '/sel/python', workspaceFolder: workspace, env: {} }), [
      'cli.js',
      'run',
      '--python',
      '/sel/python',
      file,
    ]);
    assert.deepEqual(runFileArguments('cli.js', file, { workspaceFolder: workspace, env: {} }), [
      'cli.js',
      'run',
      '--python',
      path.join(workspace, '.venv'),
      file,
    ]);
    assert.deepEqual(runFileArguments('cli.js', file, { workspaceFolder: workspace, env: { VIRTUAL_ENV: '/active' } }), [
      'cli.js',
      'run',
      file,
    ]);
    // Beside the program: the CLI finds it itself.
    const top = path.join(workspace, 'top.py');
    assert.deepEqual(runFileArguments('cli.js', top, { workspaceFolder: workspace, env: {} }), ['cli.js', 'run', top]);
  });
});
