// The debugger wiring that needs no VS Code: where the "Run | Debug with Loopscope" lens goes, what F5 does
// without launch.json, and what the status bar says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findAsyncioEntryPoints } from '../../client/src/debug/asyncioEntryPoints';
import { completeConfiguration, fileConfiguration, INITIAL_CONFIGURATIONS } from '../../client/src/debug/launchConfigurations';
import { statusText } from '../../client/src/debug/statusText';

const lines = (text: string) => findAsyncioEntryPoints(text).map((entry) => `${entry.line}:${entry.kind}`);

describe('asyncio entry points (code lens)', () => {
  it('finds asyncio.run and asyncio.Runner, through aliases and from-imports', () => {
    assert.deepEqual(lines('import asyncio\n\nasyncio.run(main())\n'), ['2:run']);
    assert.deepEqual(lines('import asyncio\nwith asyncio.Runner() as runner:\n    runner.run(main())\n'), ['1:runner']);
    assert.deepEqual(lines('import os, asyncio as aio\nif __name__ == "__main__":\n    aio.run(main())\n'), ['2:run']);
    assert.deepEqual(lines('from asyncio import run as go, Runner\ngo(main())\nwith Runner() as r:\n    pass\n'), ['1:run', '2:runner']);
    const [entry] = findAsyncioEntryPoints('x = 1\n    asyncio.run( main())');
    assert.deepEqual(entry, { line: 1, start: 4, end: 16, kind: 'run' });
  });

  it('ignores comments, strings, docstrings and look-alikes', () => {
    const text = [
      '"""Run it with asyncio.run(main()) like this:',
      '    asyncio.run(main())',
      '"""',
      '# asyncio.run(main())',
      'print("asyncio.run(main())")',
      'loop.run_until_complete(main())',
      'myasyncio.run(main())',
      'runner.run(main())',
      'run(main())',
      "s = 'it''s'; asyncio.run(main())  # the real one",
    ].join('\n');
    assert.deepEqual(lines(text), ['9:run']);
  });
});

describe('launch configurations', () => {
  it('F5 without launch.json debugs the active Python file', () => {
    assert.deepEqual(completeConfiguration({}, '/w/app.py'), { config: fileConfiguration('/w/app.py') });
    assert.deepEqual(fileConfiguration('/w/app.py'), {
      type: 'loopscope',
      request: 'launch',
      name: 'Loopscope: app.py',
      program: '/w/app.py',
    });
    assert.match((completeConfiguration({}, undefined) as { message: string }).message, /open a Python file/);
  });

  it('a loopscope configuration without a program gets the active file; one with a program is kept', () => {
    const kept = { type: 'loopscope', request: 'launch', name: 'x', program: '${workspaceFolder}/main.py', clock: 'real' };
    assert.deepEqual(completeConfiguration(kept, '/w/other.py'), { config: kept });
    assert.deepEqual(completeConfiguration({ type: 'loopscope', request: 'launch', name: 'x' }, '/w/a.py'), {
      config: { type: 'loopscope', request: 'launch', name: 'x', program: '/w/a.py' },
    });
    assert.match(
      (completeConfiguration({ type: 'loopscope', request: 'launch', name: 'x' }, undefined) as { message: string }).message,
      /no "program"/,
    );
    // A replay's program is the recorded one: the active file is not put in.
    const replay = { type: 'loopscope', request: 'launch', name: 'r', replay: '${workspaceFolder}/run.rec' };
    assert.deepEqual(completeConfiguration(replay, '/w/a.py'), { config: replay });
    assert.deepEqual(completeConfiguration(replay, undefined), { config: replay });
  });

  it('the initial configuration debugs the current file on the virtual clock', () => {
    assert.deepEqual(INITIAL_CONFIGURATIONS, [
      {
        type: 'loopscope',
        request: 'launch',
        name: 'Loopscope: Debug current file',
        program: '${file}',
        clock: 'virtual',
        justMyCode: true,
      },
    ]);
  });
});

describe('status bar', () => {
  it('shows virtual time and tasks running, waiting and done', () => {
    const counts = { pending: 2, running: 1, done: 1, cancelled: 1, failed: 1 };
    assert.equal(statusText(0.25, counts, 'stopped'), '$(debug-pause) t=0.25 s · 1 running · 2 waiting · 3 done');
    assert.equal(statusText(1 / 3, counts, 'running'), '$(pulse) t=0.333333 s · 1 running · 2 waiting · 3 done');
  });
});
