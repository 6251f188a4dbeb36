// The hover knowledge base: lookups through aliases and base classes, the versions the issue names,
// entries consistent with the rules (blocking calls the rules flag, rule codes that exist), and the
// Markdown judged against a target version.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiHoverMarkdown, blockingCallHoverMarkdown, type HoverTarget } from '../../server/engine/src/knowledge/apiHoverMarkdown';
import { allApiFacts, lookupApi } from '../../server/engine/src/knowledge/apiKnowledge';
import { INVALID_FILE } from '../../server/engine/src/linter/fileProblems';
import { ruleSettings } from '../../server/engine/src/linter/lintSettings';
import { parsePythonVersion, compareVersions } from '../../server/engine/src/linter/pythonVersion';
import { RULES } from '../../server/engine/src/rules/registry';

const target = (version: string, isDefault = false): HoverTarget => ({ version: parsePythonVersion(version)!, isDefault });
const noLinks = () => undefined;
const entry = (name: string) => {
  const fact = lookupApi(name);
  assert.ok(fact, `${name} is in the knowledge base`);
  return fact.entry;
};

describe('lookup', () => {
  test('canonical names, private-module spellings and loop classes reach the same entry', () => {
    assert.equal(lookupApi('asyncio.tasks.create_task'), lookupApi('asyncio.create_task'));
    assert.equal(lookupApi('asyncio.BaseEventLoop.run_until_complete')?.name, 'asyncio.AbstractEventLoop.run_until_complete');
    assert.equal(lookupApi('asyncio.Process.communicate'), lookupApi('asyncio.subprocess.Process.communicate'));
    assert.equal(lookupApi('asyncio.Process.communicate')?.name, 'asyncio.subprocess.Process.communicate');
  });

  test('inherited methods fall back to the documented base class', () => {
    assert.equal(lookupApi('asyncio.Task.result')?.name, 'asyncio.Future.result');
    assert.equal(lookupApi('asyncio.Task.cancel')?.name, 'asyncio.Task.cancel'); // documented on Task itself
    assert.equal(lookupApi('asyncio.PriorityQueue.get')?.name, 'asyncio.Queue.get');
    assert.equal(lookupApi('asyncio.BoundedSemaphore.acquire')?.name, 'asyncio.Semaphore.acquire');
    assert.equal(lookupApi('asyncio.EventLoop.run_forever')?.name, 'asyncio.AbstractEventLoop.run_forever');
  });

  test('unknown names have no entry', () => {
    for (const name of ['asyncio.Task.nonexistent', 'asyncio.nothing', 'builtins.x', 'time', 'mylib.fetch'])
      assert.equal(lookupApi(name), undefined, name);
  });

  test('the commonly used API is covered', () => {
    const names = [
      'asyncio.run',
      'asyncio.Runner',
      'asyncio.create_task',
      'asyncio.TaskGroup',
      'asyncio.gather',
      'asyncio.wait',
      'asyncio.wait_for',
      'asyncio.timeout',
      'asyncio.timeout_at',
      'asyncio.sleep',
      'asyncio.shield',
      'asyncio.to_thread',
      'asyncio.AbstractEventLoop.run_in_executor',
      'asyncio.get_running_loop',
      'asyncio.get_event_loop',
      'asyncio.new_event_loop',
      'asyncio.set_event_loop',
      'asyncio.ensure_future',
      'asyncio.as_completed',
      'asyncio.Queue',
      'asyncio.PriorityQueue',
      'asyncio.LifoQueue',
      'asyncio.Lock',
      'asyncio.Event',
      'asyncio.Condition',
      'asyncio.Semaphore',
      'asyncio.Barrier',
      'asyncio.Task.cancel',
      'asyncio.Future.result',
      'asyncio.current_task',
      'asyncio.all_tasks',
      'asyncio.print_call_graph',
      'asyncio.capture_call_graph',
      'asyncio.format_call_graph',
      'asyncio.iscoroutinefunction',
      'asyncio.TimeoutError',
      'asyncio.CancelledError',
      'asyncio.open_connection',
      'asyncio.start_server',
      'asyncio.create_subprocess_exec',
      'time.sleep',
      'requests.get',
      'builtins.open',
      'builtins.input',
      'subprocess.run',
      'os.system',
      'socket.getaddrinfo',
    ];
    for (const name of names) entry(name);
  });
});

describe('facts', () => {
  test('the versions the issue names', () => {
    const added: Record<string, string> = {
      'asyncio.TaskGroup': '3.11',
      'asyncio.timeout': '3.11',
      'asyncio.to_thread': '3.9',
      'asyncio.Runner': '3.11',
      'asyncio.print_call_graph': '3.14',
      'asyncio.capture_call_graph': '3.14',
      'asyncio.format_call_graph': '3.14',
      'asyncio.eager_task_factory': '3.12',
      'asyncio.Queue.shutdown': '3.13',
      'asyncio.Barrier': '3.11',
      'asyncio.get_running_loop': '3.7',
    };
    for (const [name, version] of Object.entries(added)) assert.equal(entry(name).added, version, name);
    assert.deepEqual(
      [
        'asyncio.iscoroutinefunction',
        'asyncio.set_event_loop_policy',
        'asyncio.get_event_loop_policy',
        'asyncio.DefaultEventLoopPolicy',
      ].map((name) => [entry(name).deprecated, entry(name).removal]),
      Array(4).fill(['3.14', '3.16']),
    );
    assert.deepEqual(entry('asyncio.SafeChildWatcher').removed, '3.14');
    assert.deepEqual(entry('asyncio.coroutine').removed, '3.11');
    assert.ok(entry('asyncio.get_event_loop').changed?.some(([version, what]) => version === '3.14' && /RuntimeError/.test(what)));
    assert.match(entry('asyncio.get_event_loop').instead ?? '', /get_running_loop\(\)/);
    assert.ok(entry('asyncio.ensure_future').changed?.some(([version]) => version === '3.10'));
    assert.match(entry('asyncio.ensure_future').instead ?? '', /create_task/);
  });

  test('every entry is short, well-formed, and names rules that exist', () => {
    const codes = new Set([INVALID_FILE, ...RULES].map((rule) => rule.code));
    for (const { name, entry: e, docsUrl } of allApiFacts()) {
      assert.ok(e.summary.length > 0 && e.summary.length <= 260, `${name}: summary of ${e.summary.length} characters`);
      assert.ok((e.instead ?? '').length <= 200, `${name}: 'instead' too long`);
      assert.match(docsUrl, /^https:\/\//, name);
      for (const version of [e.added, e.deprecated, e.removal, e.removed, ...(e.changed ?? []).map(([v]) => v)]) {
        if (version !== undefined) assert.match(version, /^3\.\d+$/, `${name}: version ${version}`);
      }
      if (e.deprecated && (e.removed ?? e.removal)) {
        assert.ok(compareVersions(parsePythonVersion(e.deprecated)!, parsePythonVersion((e.removed ?? e.removal)!)!) < 0, name);
      }
      const changes = (e.changed ?? []).map(([v]) => parsePythonVersion(v)!);
      assert.deepEqual([...changes].sort(compareVersions), changes, `${name}: changes oldest first`);
      for (const code of e.rules ?? []) assert.ok(codes.has(code), `${name}: unknown rule ${code}`);
    }
  });

  test('blocking entries are exactly what their rules flag', () => {
    const settings = ruleSettings({});
    const blocking = allApiFacts().filter(({ entry: e }) => e.blocks);
    assert.ok(blocking.length >= 15);
    for (const { name, entry: e } of blocking) {
      const flaggedBy = RULES.filter((rule) => rule.matchBlockingCall?.(name, settings)).map((rule) => rule.code);
      assert.deepEqual(flaggedBy, e.rules, `${name} is flagged by ${flaggedBy.join(', ') || 'no rule'}`);
    }
  });
});

describe('hover Markdown', () => {
  const timeout = lookupApi('asyncio.timeout')!;
  const policy = lookupApi('asyncio.set_event_loop_policy')!;
  const watcher = lookupApi('asyncio.SafeChildWatcher')!;

  test('availability against the target', () => {
    assert.match(
      apiHoverMarkdown(timeout, target('3.10'), noLinks),
      /⚠️ \*\*New in Python 3\.11\*\*: not available on your target Python 3\.10\./,
    );
    assert.match(apiHoverMarkdown(timeout, target('3.10', true), noLinks), /not available on the default target Python 3\.10/);
    assert.match(apiHoverMarkdown(timeout, target('3.12'), noLinks), /^New in Python 3\.11\.$/m);
  });

  test('deprecations and removals against the target', () => {
    assert.match(
      apiHoverMarkdown(policy, target('3.14'), noLinks),
      /⚠️ \*\*Deprecated since Python 3\.14\*\*; removal planned for 3\.16\./,
    );
    assert.match(
      apiHoverMarkdown(policy, target('3.12'), noLinks),
      /Deprecated in Python 3\.14, removal planned for 3\.16 \(newer than your target Python 3\.12\)\./,
    );
    assert.match(
      apiHoverMarkdown(watcher, target('3.14'), noLinks),
      /⛔ \*\*Removed in Python 3\.14\*\* \(deprecated since 3\.12\): not available on your target Python 3\.14\./,
    );
    assert.match(apiHoverMarkdown(watcher, target('3.13'), noLinks), /⚠️ \*\*Deprecated since Python 3\.12\*\*; removed in 3\.14\./);
    assert.match(apiHoverMarkdown(watcher, target('3.13'), noLinks), /\*\*Instead:\*\* Drop it: asyncio watches child processes itself/);
  });

  test('changes newer than the target are marked', () => {
    const text = apiHoverMarkdown(lookupApi('asyncio.get_event_loop')!, target('3.12'), noLinks);
    assert.match(text, /- \*\*3\.12\*\*: `DeprecationWarning` when no loop is set and one would be created$/m);
    assert.match(text, /- \*\*3\.14\*\*: `RuntimeError` when no loop is running or set \*\(newer than your target Python 3\.12\)\*$/m);
  });

  test('rule links and the blocking-call fallback', () => {
    const links = (code: string) => (code === 'LOOP101' ? '[LOOP101](file:///doc.md)' : undefined);
    assert.match(
      apiHoverMarkdown(lookupApi('time.sleep')!, target('3.11'), links),
      /Loopscope: \[LOOP101\]\(file:\/\/\/doc\.md\) · \[Documentation\]\(https:\/\/docs\.python\.org\/3\/library\/time\.html#time\.sleep\)/,
    );
    const fallback = blockingCallHoverMarkdown(
      'builtins.compile_stuff',
      { rule: 'LOOP101', instead: 'use `await asyncio.to_thread(...)`' },
      links,
    );
    assert.match(fallback, /\(blocking call\) compile_stuff/);
    assert.match(fallback, /\*\*Instead:\*\* Use `await asyncio\.to_thread\(\.\.\.\)`\./);
  });
});
