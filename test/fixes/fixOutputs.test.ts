// What each fix produces, before → after, including the awkward shapes: import placement after a
// docstring or `__future__` imports, indentation of a new block (spaces, tabs), CRLF files,
// non-ASCII text, receivers that need parentheses, and the places where no fix may be offered.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fixText } from '../../server/engine/src/linter/fixes/fixApplication';
import { Linter, type LintDiagnostic } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import type { LintSettings } from '../../server/engine/src/linter/lintSettings';
import { parsePythonVersion } from '../../server/engine/src/linter/pythonVersion';

let linter: Linter;
before(async () => {
  linter = await Linter.create(RULES);
});

interface Options {
  readonly target?: string;
  readonly unsafe?: boolean;
}

function settingsFor(code: string, options: Options): LintSettings {
  return { select: [code], ...(options.target ? { targetVersion: parsePythonVersion(options.target)! } : {}) };
}

/** The source after applying every fix of rule `code` (unsafe ones too unless told otherwise). */
function fixed(code: string, source: readonly string[] | string, options: Options = {}): string {
  const text = typeof source === 'string' ? source : source.join('\n');
  return fixText(linter, text, settingsFor(code, options), { unsafe: options.unsafe ?? true }).text;
}

/** The diagnostics of rule `code`, to look at their fixes. */
function diagnostics(code: string, source: readonly string[], options: Options = {}): LintDiagnostic[] {
  const result = linter.lintText(source.join('\n'), settingsFor(code, options));
  const found = result.diagnostics.filter((diagnostic) => diagnostic.code === code);
  assert.ok(found.length > 0, `no ${code} diagnostic`);
  return found;
}

function assertNoFix(code: string, source: readonly string[], options: Options = {}): void {
  for (const diagnostic of diagnostics(code, source, options))
    assert.equal(diagnostic.fix, null, `${code} at line ${diagnostic.start.row + 1}`);
}

function safety(code: string, source: readonly string[], options: Options = {}): string[] {
  return diagnostics(code, source, options).map((diagnostic) => diagnostic.fix?.safety ?? 'none');
}

/** `fixed` for advice that needs Python 3.11 (`asyncio.timeout`), given only where the project states such a version. */
function fixedFrom311(code: string, source: readonly string[] | string, options: Options = {}): string {
  return fixed(code, source, { target: '3.11', ...options });
}

describe('LOOP101 blocking-sleep → await asyncio.sleep', () => {
  test('uses the existing import, also aliased or imported by name', () => {
    assert.equal(
      fixed('LOOP101', ['import asyncio', 'import time', '', 'async def f():', '    time.sleep(1)', '']),
      ['import asyncio', 'import time', '', 'async def f():', '    await asyncio.sleep(1)', ''].join('\n'),
    );
    assert.equal(
      fixed('LOOP101', ['import asyncio as aio', 'from time import sleep as pause', '', 'async def f():', '    pause(0.5)', '']),
      ['import asyncio as aio', 'from time import sleep as pause', '', 'async def f():', '    await aio.sleep(0.5)', ''].join('\n'),
    );
  });

  test('adds `import asyncio` after the leading imports', () => {
    assert.equal(
      fixed('LOOP101', ['import os', 'from time import sleep', '', 'async def f():', '    sleep(1)', '']),
      ['import os', 'from time import sleep', 'import asyncio', '', 'async def f():', '    await asyncio.sleep(1)', ''].join('\n'),
    );
  });

  test('the import goes after the docstring and `from __future__` imports', () => {
    assert.equal(
      fixed('LOOP101', [
        '"""Polls things."""',
        'from __future__ import annotations',
        '',
        'async def poll():',
        '    import time',
        '    time.sleep(1)',
        '',
      ]),
      [
        '"""Polls things."""',
        'from __future__ import annotations',
        'import asyncio',
        '',
        'async def poll():',
        '    import time',
        '    await asyncio.sleep(1)',
        '',
      ].join('\n'),
    );
    assert.equal(
      fixed('LOOP101', ['"""Polls', 'things."""', '', 'async def poll():', '    import time', '    time.sleep(1)', '']),
      ['"""Polls', 'things."""', 'import asyncio', '', 'async def poll():', '    import time', '    await asyncio.sleep(1)', ''].join('\n'),
    );
  });

  test('with no imports at the top, the import goes before the first statement, below shebang and coding comments', () => {
    assert.equal(
      fixed('LOOP101', ['#!/usr/bin/env python3', '# -*- coding: utf-8 -*-', 'async def poll():', '    import time', '    time.sleep(1)']),
      [
        '#!/usr/bin/env python3',
        '# -*- coding: utf-8 -*-',
        'import asyncio',
        'async def poll():',
        '    import time',
        '    await asyncio.sleep(1)',
      ].join('\n'),
    );
  });

  test('CRLF files get CRLF lines', () => {
    const source = ['import time', '', 'async def f():', '    time.sleep(1)', ''].join('\r\n');
    assert.equal(
      fixed('LOOP101', source),
      ['import time', 'import asyncio', '', 'async def f():', '    await asyncio.sleep(1)', ''].join('\r\n'),
    );
  });

  test('columns count UTF-16 code units (Korean, emoji)', () => {
    assert.equal(
      fixed('LOOP101', ['import asyncio, time', '', 'async def 작업():', '    메시지 = "잠깐 😀"; time.sleep(1)  # 한국어', '']),
      ['import asyncio, time', '', 'async def 작업():', '    메시지 = "잠깐 😀"; await asyncio.sleep(1)  # 한국어', ''].join('\n'),
    );
  });

  test('inside expressions and comprehensions of a coroutine', () => {
    assert.equal(
      fixed('LOOP101', [
        'import asyncio, time',
        '',
        'async def f(items):',
        '    return [time.sleep(0.1) for _ in items], -time.sleep(1)',
        '',
      ]),
      [
        'import asyncio, time',
        '',
        'async def f(items):',
        '    return [await asyncio.sleep(0.1) for _ in items], -await asyncio.sleep(1)',
        '',
      ].join('\n'),
    );
  });

  test('no fix in a generator expression or when `asyncio` names something else', () => {
    assertNoFix('LOOP101', ['import time', '', 'async def f(items):', '    return sum(time.sleep(0.1) or 1 for _ in items)', '']);
    assertNoFix('LOOP101', ['import time', '', 'async def f(asyncio):', '    time.sleep(1)', '']);
    assertNoFix('LOOP101', ['import time', 'asyncio = None', '', 'async def f():', '    time.sleep(1)', '']);
  });

  test('is unsafe', () => {
    assert.deepEqual(safety('LOOP101', ['import time', '', 'async def f():', '    time.sleep(1)', '']), ['unsafe']);
  });
});

describe('LOOP102/104/105/106 blocking calls → await asyncio.to_thread', () => {
  test('passes positional and keyword arguments on', () => {
    assert.equal(
      fixed('LOOP102', ['import asyncio, requests', '', 'async def f(url):', '    r = requests.post(url, json={"a": 1}, timeout=5)', '']),
      [
        'import asyncio, requests',
        '',
        'async def f(url):',
        '    r = await asyncio.to_thread(requests.post, url, json={"a": 1}, timeout=5)',
        '',
      ].join('\n'),
    );
  });

  test('parenthesises a call that is the receiver of an attribute, subscript or call', () => {
    assert.equal(
      fixed('LOOP102', ['import asyncio, requests', '', 'async def f(url):', '    return requests.get(url).json()["items"]', '']),
      [
        'import asyncio, requests',
        '',
        'async def f(url):',
        '    return (await asyncio.to_thread(requests.get, url)).json()["items"]',
        '',
      ].join('\n'),
    );
  });

  test('keeps multi-line arguments, trailing commas and comments', () => {
    assert.equal(
      fixed('LOOP102', [
        'import asyncio, requests',
        '',
        'async def f(url):',
        '    requests.get(',
        '        url,  # the page',
        '        timeout=3,',
        '    )',
        '',
      ]),
      [
        'import asyncio, requests',
        '',
        'async def f(url):',
        '    await asyncio.to_thread(requests.get, ',
        '        url,  # the page',
        '        timeout=3,',
        '    )',
        '',
      ].join('\n'),
    );
  });

  test('no fix for open(): the reads and writes on the file would still block; input() and a socket method move to a thread', () => {
    const open = [
      'import asyncio',
      '',
      'async def load(path):',
      '    with open(path, encoding="utf-8") as f:',
      '        return f.read()',
      '',
    ];
    assertNoFix('LOOP104', open);
    assert.match(diagnostics('LOOP104', open)[0]!.message, /do the whole file work in a plain function/);
    assert.equal(
      fixed('LOOP104', ['from pathlib import Path', '', 'async def load(name):', '    return Path(name).read_text()', '']),
      [
        'from pathlib import Path',
        'import asyncio',
        '',
        'async def load(name):',
        '    return await asyncio.to_thread(Path(name).read_text)',
        '',
      ].join('\n'),
    );
    assert.equal(
      fixed('LOOP105', ['async def ask():', '    return input("name? ")', '']),
      ['import asyncio', 'async def ask():', '    return await asyncio.to_thread(input, "name? ")', ''].join('\n'),
    );
    assert.equal(
      fixed('LOOP106', ['import socket', '', 'async def resolve(host):', '    return socket.gethostbyname(host)', '']),
      [
        'import socket',
        'import asyncio',
        '',
        'async def resolve(host):',
        '    return await asyncio.to_thread(socket.gethostbyname, host)',
        '',
      ].join('\n'),
    );
  });

  test('needs Python 3.9 (asyncio.to_thread); unsafe', () => {
    const source = ['import requests', '', 'async def f(url):', '    requests.get(url)', ''];
    assertNoFix('LOOP102', source, { target: '3.8' });
    assert.deepEqual(safety('LOOP102', source), ['unsafe']);
  });
});

describe('LOOP201 get-event-loop → get_running_loop', () => {
  test('in a coroutine, however imported; safe', () => {
    assert.equal(
      fixed('LOOP201', ['import asyncio', '', 'async def f():', '    loop = asyncio.get_event_loop()', ''], { unsafe: false }),
      ['import asyncio', '', 'async def f():', '    loop = asyncio.get_running_loop()', ''].join('\n'),
    );
    assert.equal(
      fixed('LOOP201', ['from asyncio import get_event_loop', '', 'async def f():', '    return get_event_loop().time()', ''], {
        unsafe: false,
      }),
      [
        'from asyncio import get_event_loop',
        'import asyncio',
        '',
        'async def f():',
        '    return asyncio.get_running_loop().time()',
        '',
      ].join('\n'),
    );
  });

  test('no fix outside a coroutine', () => {
    assertNoFix('LOOP201', ['import asyncio', '', 'def main():', '    asyncio.get_event_loop().run_forever()', '']);
  });
});

describe('LOOP202 ensure-future → create_task', () => {
  const source = [
    'import asyncio',
    '',
    'async def refresh():',
    '    ...',
    '',
    'async def serve(client, loop):',
    '    a = asyncio.ensure_future(refresh())',
    '    b = asyncio.ensure_future(client.ping())',
    '    c = asyncio.ensure_future(refresh(), loop=loop)',
    '    return a, b, c',
    '',
  ];

  test('safe for a known coroutine function; no finding, so no fix, when only guessed', () => {
    assert.deepEqual(safety('LOOP202', source), ['safe', 'safe']);
  });

  test('`loop=` becomes `loop.create_task(...)`', () => {
    assert.equal(
      fixed('LOOP202', source),
      [
        ...source.slice(0, 6),
        '    a = asyncio.create_task(refresh())',
        '    b = asyncio.ensure_future(client.ping())',
        '    c = loop.create_task(refresh())',
        '    return a, b, c',
        '',
      ].join('\n'),
    );
  });

  test('outside a coroutine, after `asyncio.set_event_loop(loop)`: `loop.create_task(...)`, unsafe', () => {
    const plain = ['import asyncio', '', 'async def refresh():', '    ...', '', 'def start(loop):', '    asyncio.set_event_loop(loop)'];
    const source = [...plain, '    return asyncio.ensure_future(refresh())', ''];
    assert.deepEqual(safety('LOOP202', source), ['unsafe']);
    assert.equal(fixed('LOOP202', source), [...plain, '    return loop.create_task(refresh())', ''].join('\n'));
  });
});

describe('LOOP204 wait-for-timeout → async with asyncio.timeout', () => {
  test('moves the statement into the block, one level deeper', () => {
    assert.equal(
      fixedFrom311('LOOP204', [
        'import asyncio',
        '',
        'async def f(client, url):',
        '    response = await asyncio.wait_for(client.get(url), timeout=5)  # keep',
        '    return response',
        '',
      ]),
      [
        'import asyncio',
        '',
        'async def f(client, url):',
        '    async with asyncio.timeout(5):',
        '        response = await client.get(url)  # keep',
        '    return response',
        '',
      ].join('\n'),
    );
  });

  test('tabs, nested blocks and CRLF', () => {
    const source = [
      'import asyncio',
      '',
      'async def f(queue):',
      '\tif queue:',
      '\t\treturn await asyncio.wait_for(queue.get(), 2.5)',
      '',
    ].join('\r\n');
    assert.equal(
      fixedFrom311('LOOP204', source),
      [
        'import asyncio',
        '',
        'async def f(queue):',
        '\tif queue:',
        '\t\tasync with asyncio.timeout(2.5):',
        '\t\t\treturn await queue.get()',
        '',
      ].join('\r\n'),
    );
  });

  test('re-indents continuation lines, but not the inside of a multi-line string', () => {
    assert.equal(
      fixedFrom311('LOOP204', [
        'import asyncio',
        '',
        'async def f(db):',
        '    rows = await asyncio.wait_for(',
        '        db.fetch("select 1"),',
        '        10,',
        '    )',
        '',
      ]),
      [
        'import asyncio',
        '',
        'async def f(db):',
        '    async with asyncio.timeout(10):',
        '        rows = await db.fetch("select 1")',
        '',
      ].join('\n'),
    );
    assert.equal(
      fixedFrom311('LOOP204', [
        'import asyncio',
        '',
        'async def f(db):',
        '    rows = await asyncio.wait_for(db.fetch("""',
        'select 1',
        '"""), 10)',
        '',
      ]),
      [
        'import asyncio',
        '',
        'async def f(db):',
        '    async with asyncio.timeout(10):',
        '        rows = await db.fetch("""',
        'select 1',
        '""")',
        '',
      ].join('\n'),
    );
  });

  test('parenthesises an awaitable that is not a primary expression', () => {
    assert.equal(
      fixedFrom311('LOOP204', [
        'import asyncio',
        '',
        'async def f(a, b, fast):',
        '    await asyncio.wait_for(a() if fast else b(), 1)',
        '',
      ]),
      [
        'import asyncio',
        '',
        'async def f(a, b, fast):',
        '    async with asyncio.timeout(1):',
        '        await (a() if fast else b())',
        '',
      ].join('\n'),
    );
  });

  test('imported by name: `asyncio` is imported for the block', () => {
    assert.equal(
      fixedFrom311('LOOP204', ['from asyncio import wait_for', '', 'async def f(w, t):', '    await wait_for(w.drain(), t)', '']),
      [
        'from asyncio import wait_for',
        'import asyncio',
        '',
        'async def f(w, t):',
        '    async with asyncio.timeout(t):',
        '        await w.drain()',
        '',
      ].join('\n'),
    );
  });

  test('no fix for a statement sharing its line; unsafe', () => {
    assertNoFix('LOOP204', ['import asyncio', '', 'async def f(q):', '    if q: await asyncio.wait_for(q.get(), 1)', ''], {
      target: '3.11',
    });
    assert.deepEqual(
      safety('LOOP204', ['import asyncio', '', 'async def f(q):', '    await asyncio.wait_for(q.get(), 1)', ''], { target: '3.11' }),
      ['unsafe'],
    );
  });
});

describe('LOOP205 executor-partial → asyncio.to_thread', () => {
  test('unpacks functools.partial; plain arguments pass through', () => {
    assert.equal(
      fixed('LOOP205', [
        'import asyncio, functools',
        '',
        'async def f(path):',
        '    loop = asyncio.get_running_loop()',
        '    a = await loop.run_in_executor(None, functools.partial(render, path, size=64))',
        '    b = await loop.run_in_executor(None, render, path, 32)',
        '    return a, b',
        '',
      ]),
      [
        'import asyncio, functools',
        '',
        'async def f(path):',
        '    loop = asyncio.get_running_loop()',
        '    a = await asyncio.to_thread(render, path, size=64)',
        '    b = await asyncio.to_thread(render, path, 32)',
        '    return a, b',
        '',
      ].join('\n'),
    );
  });

  test('the awaitable of wait_for: the to_thread coroutine takes its place', () => {
    assert.equal(
      fixed('LOOP205', [
        'import asyncio',
        '',
        'async def f(loop, path):',
        '    return await asyncio.wait_for(loop.run_in_executor(None, render, path), timeout=5)',
        '',
      ]),
      [
        'import asyncio',
        '',
        'async def f(loop, path):',
        '    return await asyncio.wait_for(asyncio.to_thread(render, path), timeout=5)',
        '',
      ].join('\n'),
    );
  });
});

describe('LOOP207 deprecated-asyncio-api', () => {
  test('asyncio.TimeoutError → TimeoutError (safe)', () => {
    const source = [
      'import asyncio',
      '',
      'async def f(q):',
      '    try:',
      '        return await q.get()',
      '    except asyncio.TimeoutError:',
      '        return None',
      '',
    ];
    assert.deepEqual(safety('LOOP207', source, { target: '3.11' }), ['safe']);
    assert.equal(
      fixed('LOOP207', source, { unsafe: false, target: '3.12' }),
      source.join('\n').replace('asyncio.TimeoutError', 'TimeoutError'),
    );
    // Without a stated target the project may still run on 3.10, where the two classes differ: nothing is reported.
    assert.equal(linter.lintText(source.join('\n'), { select: ['LOOP207'] }).diagnostics.length, 0);
  });

  test('no TimeoutError fix where the name is taken', () => {
    assertNoFix('LOOP207', ['import asyncio', 'TimeoutError = ValueError', '', 'def f():', '    raise asyncio.TimeoutError', ''], {
      target: '3.11',
    });
  });

  test('from asyncio import TimeoutError: dropped (unsafe), or an alias assignment (safe)', () => {
    assert.equal(
      fixed('LOOP207', ['from asyncio import TimeoutError, sleep', 'x = 1', ''], { target: '3.11' }),
      ['from asyncio import sleep', 'x = 1', ''].join('\n'),
    );
    assert.equal(
      fixed('LOOP207', ['import os', 'from asyncio import TimeoutError', 'x = 1', ''], { target: '3.11' }),
      ['import os', 'x = 1', ''].join('\n'),
    );
    assert.equal(
      fixed('LOOP207', ['from asyncio import TimeoutError as AsyncTimeout', ''], { target: '3.11' }),
      ['AsyncTimeout = TimeoutError', ''].join('\n'),
    );
    assert.deepEqual(
      safety('LOOP207', ['from asyncio import TimeoutError', 'from asyncio import TimeoutError as T', ''], { target: '3.11' }),
      ['unsafe', 'safe'],
    );
  });

  test('asyncio.iscoroutinefunction → inspect.iscoroutinefunction (unsafe, imports inspect)', () => {
    const source = ['"""Tools."""', 'import asyncio', '', 'def is_async(func):', '    return asyncio.iscoroutinefunction(func)', ''];
    assert.deepEqual(safety('LOOP207', source, { target: '3.14' }), ['unsafe']);
    assert.equal(
      fixed('LOOP207', source, { target: '3.14' }),
      [
        '"""Tools."""',
        'import asyncio',
        'import inspect',
        '',
        'def is_async(func):',
        '    return inspect.iscoroutinefunction(func)',
        '',
      ].join('\n'),
    );
    assert.equal(
      fixed('LOOP207', ['from asyncio import iscoroutinefunction', ''], { target: '3.14' }),
      ['from inspect import iscoroutinefunction', ''].join('\n'),
    );
  });
});

describe('LOOP301 dangling-task → keep it in a set', () => {
  test('a bare statement: named, added to the set, discarded when done; the set is defined after the imports', () => {
    assert.equal(
      fixed(
        'LOOP301',
        ['import asyncio', '', 'async def handle(request):', '    asyncio.create_task(audit(request))', '    return 1', ''],
        { unsafe: false },
      ),
      [
        'import asyncio',
        '',
        '_background_tasks = set()',
        '',
        'async def handle(request):',
        '    task = asyncio.create_task(audit(request))',
        '    _background_tasks.add(task)',
        '    task.add_done_callback(_background_tasks.discard)',
        '    return 1',
        '',
      ].join('\n'),
    );
  });

  test('an unused local, a chained callback, `_`; an existing set is reused; two tasks take two passes', () => {
    assert.equal(
      fixed(
        'LOOP301',
        [
          'import asyncio',
          '',
          '_background_tasks = set()',
          '',
          'def start(loop):',
          '    pinger = loop.create_task(ping())',
          '    loop.create_task(ping()).add_done_callback(print)',
          '    _ = asyncio.ensure_future(ping())',
          '',
        ],
        { unsafe: false },
      ),
      [
        'import asyncio',
        '',
        '_background_tasks = set()',
        '',
        'def start(loop):',
        '    pinger = loop.create_task(ping())',
        '    _background_tasks.add(pinger)',
        '    pinger.add_done_callback(_background_tasks.discard)',
        '    task = loop.create_task(ping())',
        '    _background_tasks.add(task)',
        '    task.add_done_callback(_background_tasks.discard)',
        '    task.add_done_callback(print)',
        '    task = asyncio.ensure_future(ping())',
        '    _background_tasks.add(task)',
        '    task.add_done_callback(_background_tasks.discard)',
        '',
      ].join('\n'),
    );
  });

  test('a statement sharing its line is joined with semicolons; an existing `task` name is not reused', () => {
    assert.equal(
      fixed('LOOP301', ['import asyncio', '', 'async def f(task, ready):', '    if ready: asyncio.create_task(work())  # go', '']),
      [
        'import asyncio',
        '',
        '_background_tasks = set()',
        '',
        'async def f(task, ready):',
        '    if ready: background_task = asyncio.create_task(work()); _background_tasks.add(background_task); background_task.add_done_callback(_background_tasks.discard)  # go',
        '',
      ].join('\n'),
    );
  });

  test('no fix for a comprehension or tuple of tasks, or when the set name means something else; safe', () => {
    assertNoFix('LOOP301', ['import asyncio', '', 'async def f(items):', '    [asyncio.create_task(work(i)) for i in items]', '']);
    assertNoFix('LOOP301', ['import asyncio', '_background_tasks = []', '', 'async def f():', '    asyncio.create_task(work())', '']);
    assert.deepEqual(safety('LOOP301', ['import asyncio', '', 'async def f():', '    asyncio.create_task(work())', '']), ['safe']);
  });
});

describe('LOOP302 unawaited-coroutine → await', () => {
  test('adds `await` inside async code (unsafe); no fix outside', () => {
    const source = [
      'async def save(record):',
      '    ...',
      '',
      'async def handle(record):',
      '    save(record)',
      '    (save(record))',
      '',
      'def sync(record):',
      '    save(record)',
      '',
    ];
    assert.deepEqual(safety('LOOP302', source), ['unsafe', 'unsafe', 'none']);
    assert.equal(
      fixed('LOOP302', source),
      [
        'async def save(record):',
        '    ...',
        '',
        'async def handle(record):',
        '    await save(record)',
        '    (await save(record))',
        '',
        'def sync(record):',
        '    save(record)',
        '',
      ].join('\n'),
    );
  });
});

describe('LOOP401 stop-iteration-in-anext', () => {
  test('__anext__ raises StopAsyncIteration; an async generator returns', () => {
    assert.equal(
      fixed('LOOP401', [
        'class Pages:',
        '    async def __anext__(self):',
        '        if self.done:',
        '            raise StopIteration("no more") from None',
        '        return 1',
        '',
        'async def ticks(n):',
        '    while True:',
        '        if n == 0:',
        '            raise StopIteration',
        '        yield n',
        '',
      ]),
      [
        'class Pages:',
        '    async def __anext__(self):',
        '        if self.done:',
        '            raise StopAsyncIteration("no more") from None',
        '        return 1',
        '',
        'async def ticks(n):',
        '    while True:',
        '        if n == 0:',
        '            return',
        '        yield n',
        '',
      ].join('\n'),
    );
  });
});

describe('LOOP403 wrong-async-dunder', () => {
  test('adds or removes `async` (unsafe)', () => {
    const source = [
      'class Ticker:',
      '    async def __aiter__(self):',
      '        return self',
      '',
      '    @abstractmethod',
      '    def __anext__(self):',
      '        return self.count',
      '',
    ];
    assert.deepEqual(safety('LOOP403', source), ['unsafe', 'unsafe']);
    assert.equal(
      fixed('LOOP403', source),
      [
        'class Ticker:',
        '    def __aiter__(self):',
        '        return self',
        '',
        '    @abstractmethod',
        '    async def __anext__(self):',
        '        return self.count',
        '',
      ].join('\n'),
    );
  });

  test('keeps `async` on an __aiter__ that awaits, even in a comprehension', () => {
    assertNoFix('LOOP403', [
      'class Feed:',
      '    async def __aiter__(self):',
      '        self.items = [await load(i) for i in self.ids]',
      '        return self',
      '',
    ]);
  });
});
