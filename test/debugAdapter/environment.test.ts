// The launch attributes `python` and `wheels`: a bad one fails the launch with a clear message; the program
// imports from the named environment, whose packages are library code for justMyCode (stepIn skips them,
// the call stack marks them).
import type { DebugProtocol } from '@vscode/debugprotocol';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AdapterClient, lineOf, withAdapter } from './adapterClient';

const hasPython = spawnSync('python3', ['-c', 'import venv'], { encoding: 'utf8' }).status === 0;

async function launchError(launchArgs: Record<string, unknown>): Promise<string> {
  const client = new AdapterClient();
  await client.start();
  try {
    return await client.dc.launchRequest(launchArgs as never).then(
      () => assert.fail('launch should fail'),
      (failure: Error) => failure.message,
    );
  } finally {
    await client.close();
  }
}

describe('debug adapter: the program’s environment', { skip: hasPython ? false : 'python3 with venv not found', concurrency: 2 }, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'loopscope-adapter-env-'));
  const program = path.join(scratch, 'main.py');
  writeFileSync(
    program,
    [
      'import asyncio',
      'import libmod',
      '',
      'async def main():',
      '    value = await libmod.compute(20)  # @call',
      '    print("value", value)  # @after',
      '',
      'asyncio.run(main())',
      '',
    ].join('\n'),
  );

  function environment(): string {
    const root = path.join(scratch, 'env');
    if (spawnSync('python3', ['-m', 'venv', '--without-pip', root]).status !== 0) assert.fail('python3 -m venv failed');
    const lib = readdirSync(path.join(root, 'lib')).find((entry) => entry.startsWith('python3'))!;
    writeFileSync(path.join(root, 'lib', lib, 'site-packages', 'libmod.py'), 'async def compute(x):\n    y = x + 1\n    return y * 2\n');
    return path.join(root, 'bin', 'python');
  }
  const python = environment();

  it('a bad "python" or "wheels" fails the launch and says why', async () => {
    assert.match(
      await launchError({ program, python: path.join(scratch, 'nope', 'python') }),
      /the launch attribute "python" .*nope\/python: not found/,
    );
    assert.match(
      await launchError({ program, python: '/bin/sh', __loopscopeEditor: { pythonFromExtension: true } }),
      /the Python extension's interpreter \/bin\/sh: is not a working Python interpreter/,
    );
    assert.match(await launchError({ program, python, wheels: path.join(scratch, 'no-wheels') }), /"wheels" is not a folder: .*no-wheels/);
  });

  it('imports from the environment; stepIn with justMyCode steps over its packages', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program, python }, { breakpoints: { [program]: [{ line: lineOf(program, 'call') }] } });
      const stop = await client.nextStop();
      const main = stop.body.threadId!;
      await client.dc.stepInRequest({ threadId: main });
      const after = await client.nextStop();
      assert.equal(await client.where(after), `main:${lineOf(program, 'after')}`);
      await client.dc.continueRequest({ threadId: main });
      await client.next<DebugProtocol.ExitedEvent>('exited');
      assert.match(client.outputText('stdout'), /value 42/);
    });
    await withAdapter(async (client) => {
      await client.launch({ program, python, justMyCode: false }, { breakpoints: { [program]: [{ line: lineOf(program, 'call') }] } });
      const stop = await client.nextStop();
      await client.dc.stepInRequest({ threadId: stop.body.threadId! });
      const inside = await client.nextStop();
      assert.equal(await client.where(inside), 'compute:2');
      assert.match((await client.top(inside.body.threadId!)).source?.path ?? '', /site-packages\/libmod\.py$/);
    });
  });
});
