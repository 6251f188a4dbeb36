// The semantic model's answers: scopes, async context, qualified names through imports and
// aliases, value types, definitions and references.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { createPythonParser, type SyntaxNode } from '../../server/engine/src/analysis/pythonParser';
import { SemanticModel } from '../../server/engine/src/analysis/semanticModel';

let parser: Parser;
before(async () => {
  parser = await createPythonParser();
});

function analyse(source: string): { model: SemanticModel; calls: Map<string, SyntaxNode> } {
  const tree = parser.parse(source)!;
  const model = SemanticModel.build(tree.rootNode, ['call']);
  const calls = new Map<string, SyntaxNode>();
  for (const { node, kind } of model.nodes) if (kind === 'call') calls.set(node.text, node);
  return { model, calls };
}

function callee(model: SemanticModel, calls: Map<string, SyntaxNode>, text: string): string | undefined {
  const call = calls.get(text);
  assert.ok(call, `no call ${text}`);
  return model.calleeName(call);
}

describe('qualified names', () => {
  test('through every import form', () => {
    const { model, calls } = analyse(
      [
        'import time',
        'import time as t',
        'import os.path',
        'import urllib.request as ur',
        'from time import sleep',
        'from time import sleep as zz',
        'from asyncio.tasks import create_task',
        'from . import sibling',
        'from .db import load',
        'def f():',
        '    import subprocess as sp',
        '    sp.run()',
        'time.sleep()',
        't.sleep()',
        'os.path.join()',
        'ur.urlopen()',
        'sleep()',
        'zz()',
        'create_task()',
        'sibling.go()',
        'load()',
        'open()',
        'unknown_name()',
      ].join('\n'),
    );
    const expected: Record<string, string> = {
      'sp.run()': 'subprocess.run',
      'time.sleep()': 'time.sleep',
      't.sleep()': 'time.sleep',
      'os.path.join()': 'os.path.join',
      'ur.urlopen()': 'urllib.request.urlopen',
      'sleep()': 'time.sleep',
      'zz()': 'time.sleep',
      'create_task()': 'asyncio.create_task',
      'sibling.go()': '.sibling.go',
      'load()': '.db.load',
      'open()': 'builtins.open',
      'unknown_name()': 'builtins.unknown_name',
    };
    for (const [call, name] of Object.entries(expected)) assert.equal(callee(model, calls, call), name, call);
  });

  test('local names shadow imports and builtins; globals and class bodies follow Python scoping', () => {
    const { model, calls } = analyse(
      [
        'import time',
        'def shadow(time):',
        '    time.sleep()',
        'def own():',
        '    def open(x): return x',
        '    open(1)',
        'class C:',
        '    import json as time',
        '    time.dumps()',
        '    def method(self):',
        '        time.monotonic()',
        'x = None',
        'def g():',
        '    global x',
        '    import os as x',
        'def h():',
        '    x.getcwd()',
      ].join('\n'),
    );
    assert.equal(callee(model, calls, 'time.sleep()'), undefined);
    assert.equal(callee(model, calls, 'open(1)'), undefined);
    assert.equal(callee(model, calls, 'time.dumps()'), 'json.dumps');
    assert.equal(callee(model, calls, 'time.monotonic()'), 'time.monotonic', 'class scope is invisible to methods');
    assert.equal(callee(model, calls, 'x.getcwd()'), 'os.getcwd', '`global x` sends the import to the module');
  });

  test('aliases and wildcard imports', () => {
    const { model, calls } = analyse(['import time', 'from subprocess import *', 'nap = time.sleep', 'nap()', 'run()'].join('\n'));
    assert.equal(callee(model, calls, 'nap()'), 'time.sleep');
    assert.equal(callee(model, calls, 'run()'), 'subprocess.run');
  });

  test('a star import leaves builtins alone unless a standard-library module of the star exports that name', () => {
    const project = analyse(['from .errors import *', 'from os.path import *', 'open("a")', 'join("a", "b")'].join('\n'));
    assert.equal(callee(project.model, project.calls, 'open("a")'), 'builtins.open', 'neither .errors nor os.path exports open');
    assert.equal(callee(project.model, project.calls, 'join("a", "b")'), 'os.path.join', 'a name that is no builtin: the last star');
    const os = analyse(['from os import *', 'from .errors import *', 'open("b")'].join('\n'));
    assert.equal(callee(os.model, os.calls, 'open("b")'), 'os.open', '`from os import *` brings os.open');
  });
});

describe('value types', () => {
  test('calls, annotations, with-targets, paths', () => {
    const { model, calls } = analyse(
      [
        'import asyncio, httpx, threading',
        'from pathlib import Path',
        'from typing import Optional',
        'async def f(p: Path, q: Optional[Path], r: "Path", s: Path | None):',
        '    loop = asyncio.get_event_loop()',
        '    loop.run_until_complete()',
        '    client = httpx.Client()',
        '    client.get()',
        '    lock = threading.Lock()',
        '    lock.acquire()',
        '    task = asyncio.create_task(g())',
        '    task.cancel()',
        '    p.read_text()',
        '    q.read_bytes()',
        '    r.write_text()',
        '    s.open()',
        '    (Path.home() / "x").unlink()',
        '    async with asyncio.TaskGroup() as tg:',
        '        tg.create_task(g())',
      ].join('\n'),
    );
    const expected: Record<string, string | undefined> = {
      'loop.run_until_complete()': 'asyncio.AbstractEventLoop.run_until_complete',
      'client.get()': 'httpx.Client.get',
      'lock.acquire()': 'threading.Lock.acquire',
      'task.cancel()': 'asyncio.Task.cancel',
      'p.read_text()': 'pathlib.Path.read_text',
      'q.read_bytes()': 'pathlib.Path.read_bytes',
      'r.write_text()': undefined,
      's.open()': 'pathlib.Path.open',
      '(Path.home() / "x").unlink()': 'pathlib.Path.unlink',
      'tg.create_task(g())': 'asyncio.TaskGroup.create_task',
    };
    for (const [call, name] of Object.entries(expected)) assert.equal(callee(model, calls, call), name, call);
  });
});

describe('scopes', () => {
  test('async context covers comprehensions, not nested defs, lambdas or classes', () => {
    const { model, calls } = analyse(
      [
        'async def outer():',
        '    a()',
        '    [b() for _ in x]',
        '    lambda: c()',
        '    def inner():',
        '        d()',
        '    class K:',
        '        e()',
        '    async def again():',
        '        f()',
        'def plain(arg=g()):',
        '    h()',
      ].join('\n'),
    );
    const asyncOf = (text: string): boolean => model.isInAsyncContext(calls.get(text)!);
    assert.deepEqual(['a()', 'b()', 'c()', 'd()', 'e()', 'f()', 'g()', 'h()'].map(asyncOf), [
      true,
      true,
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
  });

  test('definitions and references', () => {
    const { model, calls } = analyse(
      [
        'async def fetch(): pass',
        'class Repo:',
        '    async def load(self): pass',
        '    async def run(self):',
        '        self.load()',
        '        Repo.load(self)',
        'def main():',
        '    fetch()',
        '    t = make()',
        '    use(t)',
        '    u = make2()',
        '    try:',
        '        pass',
        '    except (OSError, ValueError) as problem:',
        '        report(problem)',
      ].join('\n'),
    );
    assert.equal(model.definitionOf(calls.get('fetch()')!.childForFieldName('function')!)?.type, 'function_definition');
    assert.equal(model.definitionOf(calls.get('self.load()')!.childForFieldName('function')!)?.childForFieldName('name')?.text, 'load');
    assert.equal(model.definitionOf(calls.get('Repo.load(self)')!.childForFieldName('function')!)?.childForFieldName('name')?.text, 'load');
    const main = model.scopes.find((scope) => scope.name === 'main')!;
    assert.equal(model.references(main.bindings.get('t')![0]!).length, 1);
    assert.equal(model.references(main.bindings.get('u')![0]!).length, 0);
    assert.equal(main.bindings.get('problem')?.[0]?.kind, 'exceptTarget');
  });
});

describe('branches that never run', () => {
  test('under tests made of constants, with `not`, `and`, `or` as Python reads them', () => {
    const { model, calls } = analyse(
      [
        'ON = True',
        'OFF = False',
        'def f(flag):',
        '    if OFF: a()',
        '    if not OFF or flag: b()',
        '    if flag and not ON: c()',
        '    if OFF and flag or ON: d()',
        '    if not OFF and OFF: m()',
        '    if flag:',
        '        e()',
        '    elif ON:',
        '        g()',
        '    elif flag:',
        '        h()',
        '    else:',
        '        i()',
        '    if (OFF or flag) and ON: j()',
        '    if OFF:',
        '        def inner():',
        '            k()',
        '    if flag is OFF: l()',
      ].join('\n'),
    );
    const unreachable = ['a()', 'b()', 'c()', 'd()', 'm()', 'e()', 'g()', 'h()', 'i()', 'j()', 'k()', 'l()'].filter((text) =>
      model.isUnreachable(calls.get(text)!),
    );
    assert.deepEqual(unreachable, ['a()', 'c()', 'm()', 'h()', 'i()', 'k()']);
  });

  test('a name bound in one is not the one the code after it reads', () => {
    const { model, calls } = analyse(
      [
        'import asyncio, threading',
        'USE_THREADS = True',
        'def f(flag):',
        '    if USE_THREADS:',
        '        done = threading.Event()',
        '    else:',
        '        done = asyncio.Event()',
        '    done.wait()',
        '    if flag:',
        '        other = threading.Event()',
        '    else:',
        '        other = asyncio.Event()',
        '    other.wait()',
      ].join('\n'),
    );
    assert.equal(model.calleeName(calls.get('done.wait()')!), 'threading.Event.wait');
    // Both branches may run: `other` is either class, and the model names neither.
    assert.equal(model.calleeName(calls.get('other.wait()')!), undefined);
  });
});

describe('values of several classes', () => {
  test('a union annotation names a class only where its members that may have the attribute agree', () => {
    const { model, calls } = analyse(
      [
        'import asyncio, threading, zipfile',
        'from pathlib import Path',
        'from typing import Optional, Union',
        'class Local: ...',
        'def f(a: Path | zipfile.Path, b: Path | str, c: Union[Path, None], d: Optional[Path | bytes], e: Path | Local, g: list[str] | Path):',
        '    a.read_text()',
        '    b.read_text()',
        '    b.split()',
        '    c.read_text()',
        '    d.read_text()',
        '    e.read_text()',
        '    g.read_text()',
        '    g.append()',
      ].join('\n'),
    );
    const named = (text: string): string | undefined => model.calleeName(calls.get(text)!);
    assert.equal(named('a.read_text()'), undefined);
    assert.equal(named('b.read_text()'), 'pathlib.Path.read_text');
    assert.equal(named('b.split()'), undefined);
    assert.equal(named('c.read_text()'), 'pathlib.Path.read_text');
    assert.equal(named('d.read_text()'), 'pathlib.Path.read_text');
    // A class of this file is a member the model does not resolve: it may have the method.
    assert.equal(named('e.read_text()'), undefined);
    assert.equal(named('g.read_text()'), 'pathlib.Path.read_text');
    assert.equal(named('g.append()'), undefined);
  });

  test('the bindings that may reach a read decide, narrowed by the tests around it', () => {
    const { model, calls } = analyse(
      [
        'import asyncio, threading',
        'event = threading.Event() if False else None',
        'if FLAG:',
        '    shared = threading.Event()',
        'else:',
        '    shared = asyncio.Event()',
        'async def f(flag):',
        '    shared.set()',
        '    if shared.__module__ == "threading":',
        '        shared.clear()',
        '    if isinstance(shared, asyncio.Event):',
        '        shared.wait()',
        '    done = threading.Event()',
        '    if flag:',
        '        done = asyncio.Event()',
        '    done.is_set()',
        '    done = asyncio.Event()',
        '    done.wait()',
        '    for item in flag:',
        '        done.set()',
        '        done = threading.Event()',
      ].join('\n'),
    );
    const named = (text: string): string | undefined => model.calleeName(calls.get(text)!);
    // A module name read in a function: any of its bindings may have run.
    assert.equal(named('shared.set()'), undefined);
    assert.equal(named('shared.clear()'), 'threading.Event.clear');
    assert.equal(named('shared.wait()'), 'asyncio.Event.wait');
    assert.equal(named('done.is_set()'), undefined);
    assert.equal(named('done.wait()'), 'asyncio.Event.wait');
    // The next round reads what the loop's body bound.
    assert.equal(named('done.set()'), undefined);
  });
});

describe('statements built on demand', () => {
  const SOURCE = [
    'import time',
    'def helper():',
    '    time.sleep(1)',
    'sleep = time.sleep',
    'class Store:',
    '    def load(self):',
    '        return helper()',
    'def helper():',
    '    return 2',
    'async def main():',
    '    Store().load()',
    '    helper()',
    '    sleep(1)',
    'tasks = [main() for _ in range(3)]',
  ].join('\n');
  const DEFINES = [[], ['helper'], [], ['Store', 'load'], ['helper'], ['main'], []];
  const BINDS = [['time'], [], ['sleep'], [], [], [], ['tasks']];

  function buildDeferring(): { model: SemanticModel; root: SyntaxNode } {
    const root = parser.parse(SOURCE)!.rootNode;
    const statements = root.children.map((node) => ({ node }));
    const definers = (name: string): number[] | undefined => {
      const indexes = statements.flatMap((_, index) => (DEFINES[index]!.includes(name) || BINDS[index]!.includes(name) ? [index] : []));
      return indexes.length > 0 ? indexes : undefined;
    };
    return {
      model: SemanticModel.buildDeferring(root, ['call'], {
        statements,
        definers,
        mayImport: (index, module) => index === 0 && (module === undefined || module === 'time'),
      }),
      root,
    };
  }

  test('answer as a model built at once, whatever is asked first', () => {
    const { model: deferring, root } = buildDeferring();
    const whole = SemanticModel.build(root, ['call']);
    // Only `main` is built, then questions reach into the others.
    const calls = deferring.nodesOf(5).filter(({ kind }) => kind === 'call');
    assert.deepEqual(
      calls.map(({ node }) => [node.text, deferring.calleeName(node), deferring.calleeDefinition(node)?.startPosition.row]),
      whole.nodes
        .filter(({ kind, node }) => kind === 'call' && node.startPosition.row >= 10 && node.startPosition.row <= 12)
        .map(({ node }) => [node.text, whole.calleeName(node), whole.calleeDefinition(node)?.startPosition.row]),
    );
    // The later `helper` (row 7) is the one `main` calls, as Python would find it.
    const helperCall = calls.find(({ node }) => node.text === 'helper()')!;
    assert.equal(deferring.calleeDefinition(helperCall.node)?.startPosition.row, 7);
    assert.deepEqual(
      deferring.moduleImports().map((binding) => binding.name),
      ['time'],
    );
    assert.equal(deferring.module.calls.length, whole.module.calls.length, 'module-level calls include every statement');
    assert.deepEqual(
      deferring.scopes.map((scope) => scope.name),
      whole.scopes.map((scope) => scope.name),
    );
  });

  test('tell whether a module is imported as a model built at once does', () => {
    const { model: deferring, root } = buildDeferring();
    const whole = SemanticModel.build(root, ['call']);
    for (const module of ['time', 'asyncio', 'tim']) assert.equal(deferring.importsModule(module), whole.importsModule(module), module);
    assert.equal(whole.importsModule('time'), true);
  });

  test('record the module names a question depended on', () => {
    const { model } = buildDeferring();
    const sleepCall = model.nodesOf(5).find(({ node }) => node.text === 'sleep(1)')!;
    model.recordModuleNames();
    assert.equal(model.calleeName(sleepCall.node), 'time.sleep');
    assert.deepEqual([...model.takeRecordedNames()].sort(), ['sleep', 'time']);
  });
});
