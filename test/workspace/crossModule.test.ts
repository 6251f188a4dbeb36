// Cross-module analysis: the workspace index lets LOOP108 follow blocking calls into other modules
// and LOOP302 recognise coroutine functions defined elsewhere, on a multi-module fixture project.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { Linter } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import { absoluteName, importRoot, moduleIdentity } from '../../server/engine/src/workspace/moduleNames';
import { ProjectIndexer } from '../../server/engine/src/workspace/projectIndexer';
import { WorkspaceIndex } from '../../server/engine/src/workspace/workspaceIndex';
import { AsyncDefNames } from '../../server/engine/src/workspace/asyncDefNames';
import { FolderListings } from '../../server/engine/src/workspace/folderListings';
import { summaryFromText, summaryToText } from '../../server/engine/src/workspace/moduleSummaryText';
import { makeProject, runCli } from '../cli/runCli';
import { readExpectations } from '../rules/fixtureExpectations';

const PROJECT = path.join(__dirname, '..', 'fixtures', 'projects', 'shop');

function pythonFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? pythonFiles(full) : name.endsWith('.py') ? [full] : [];
  });
}

let linter: Linter;
let indexer: ProjectIndexer;
before(async () => {
  linter = await Linter.create(RULES);
  indexer = new ProjectIndexer(linter, new WorkspaceIndex());
  for (const file of pythonFiles(PROJECT)) indexer.indexFile(file);
});

// LOOP209 is off by default; its cross-module cases (a project decorator making a coroutine function plain) live here.
// It advises TaskGroup only where the project states 3.11 or later, as the shop's pyproject.toml does.
const SETTINGS = { extendSelect: ['LOOP209'], targetVersion: { major: 3, minor: 11 } };

function lint(file: string, text = readFileSync(file, 'utf8')) {
  return linter.lintText(text, SETTINGS, indexer.index.view(moduleIdentity(file)));
}

describe('module names', () => {
  test('packages, modules, scripts', () => {
    assert.deepEqual(moduleIdentity(path.join(PROJECT, 'shop', 'storage.py')), { name: 'shop.storage', isPackage: false });
    assert.deepEqual(moduleIdentity(path.join(PROJECT, 'shop', '__init__.py')), { name: 'shop', isPackage: true });
    assert.deepEqual(moduleIdentity(path.join(PROJECT, 'scripts', 'report.py')), { name: 'report', isPackage: false });
  });

  test('a folder without `__init__.py` inside a package is a namespace portion of it, but not for a pytest module', () => {
    // hatchet_sdk/utils/ has no __init__.py: its modules import as hatchet_sdk.utils.<name>; pytest imports a test
    // module there from its own folder; a folder under one without __init__.py is no package's.
    const inits = new Set(['/repo/hatchet_sdk/__init__.py']);
    const exists = (file: string): boolean => inits.has(file);
    const identity = (file: string) => [moduleIdentity(file, exists).name, importRoot(file, exists)];
    assert.deepEqual(identity('/repo/hatchet_sdk/utils/aio_utils.py'), ['hatchet_sdk.utils.aio_utils', '/repo']);
    assert.deepEqual(identity('/repo/hatchet_sdk/utils/test_aio_utils.py'), ['test_aio_utils', '/repo/hatchet_sdk/utils']);
    assert.deepEqual(identity('/repo/hatchet_sdk/utils/deep/more.py'), ['more', '/repo/hatchet_sdk/utils/deep']);
    assert.deepEqual(identity('/repo/examples/worker.py'), ['worker', '/repo/examples']);
  });

  test('a folder without `__init__.py` holding a packaging file is a project of its own, even inside a package', () => {
    // demos/ is a package, but demos/moderator/ is a project installed from its setup.py: `moderator.handlers`;
    // demos/chat/, with none, stays a namespace portion of demos.
    const files = new Set([
      '/repo/demos/__init__.py',
      '/repo/demos/moderator/setup.py',
      '/repo/demos/moderator/moderator/__init__.py',
      '/repo/demos/chat/chat/__init__.py',
    ]);
    const exists = (file: string): boolean => files.has(file);
    const identity = (file: string) => [moduleIdentity(file, exists).name, importRoot(file, exists)];
    assert.deepEqual(identity('/repo/demos/moderator/moderator/handlers.py'), ['moderator.handlers', '/repo/demos/moderator']);
    assert.deepEqual(identity('/repo/demos/chat/chat/main.py'), ['demos.chat.chat.main', '/repo']);
  });

  test('relative imports', () => {
    const module = { name: 'shop.checkout', isPackage: false };
    assert.equal(absoluteName('.storage.load', module), 'shop.storage.load');
    assert.equal(absoluteName('.x', { name: 'shop', isPackage: true }), 'shop.x');
    assert.equal(absoluteName('..util.f', { name: 'a.b.c', isPackage: false }), 'a.util.f');
    assert.equal(absoluteName('requests.get', module), 'requests.get');
  });
});

describe('module summaries', () => {
  test("a class's bases, through local classes, nested classes and imports", () => {
    const summary = indexer.index.summaryOf(path.join(PROJECT, 'shop', 'testing.py'))!;
    assert.deepEqual(Object.fromEntries(summary.classBases), {
      ShopCase: ['unittest.IsolatedAsyncioTestCase'],
      PlainCase: ['unittest.TestCase'],
      'ConnectorBases.ConnectorCase': ['shop.testing.ShopCase'],
      LoopCase: ['unittest.TestCase'],
      SharedLoopCase: ['unittest.TestCase'],
      EnsuredLoopCase: ['unittest.TestCase'],
      OptionalLoopCase: ['unittest.TestCase'],
      NoLoopCase: ['unittest.TestCase'],
      WrappingCase: ['unittest.TestCase', 'metaclass=shop.testing.RunsCoroutineTests'],
      // The fallback of `except ImportError:` is the binding read (see IntegrationCase's tests in test_async_cases.py).
      IntegrationCase: ['unittest.TestCase'],
      ChatCase: ['unittest.TestCase'],
      RestoringCase: ['unittest.IsolatedAsyncioTestCase'],
    });
    const flows = indexer.index.summaryOf(path.join(PROJECT, 'shop', 'test_flows.py'))!;
    assert.deepEqual(flows.classBases.get('KioskFlow'), ['shop.testing.ConnectorBases.ConnectorCase']);
  });

  test('a method whose own body leaves a loop current: under no condition, on every branch, or made sure of', () => {
    const { functions } = indexer.index.summaryOf(path.join(PROJECT, 'shop', 'testing.py'))!;
    const setting = [...functions.values()].filter((f) => f.setsLoopCurrent).map((f) => f.name);
    // Not OptionalLoopCase.setUp (under a condition), NoLoopCase.setUp (None), the tear-downs setting None, nor
    // RestoringCase.release (an `if` without `else`).
    assert.deepEqual(setting, ['LoopCase.setUp', 'SharedLoopCase.setUpClass', 'EnsuredLoopCase.setUpClass', 'RestoringCase.tearDownClass']);
  });

  test('a function or constructor leaving a loop current through a function of its module that makes sure of one', () => {
    const { functions } = indexer.index.summaryOf(path.join(PROJECT, 'shop', 'feeds.py'))!;
    const setting = [...functions.values()].filter((f) => f.setsLoopCurrent).map((f) => f.name);
    // Not FeedHandler.add_feed, nor FeedHandler.__init__.
    assert.deepEqual(setting, ['_current_loop', 'ensure_loop', 'FeedHandler.run', 'Connection.__init__']);
  });

  test('a decorator setting a loop before its call of the function it decorates', () => {
    const { functions } = indexer.index.summaryOf(path.join(PROJECT, 'shop', 'loop_decorators.py'))!;
    // Not loop_afterwards, which sets its loop after the call.
    const around = [...functions.values()].filter((f) => f.setsLoopAroundCall).map((f) => f.name);
    assert.deepEqual(around, ['dedicated_loop']);
  });

  test('a decorator, or a class whose instances decorate, catching an error type around its call of the function', () => {
    const { functions } = indexer.index.summaryOf(path.join(PROJECT, 'shop', 'jobs.py'))!;
    const catching = [...functions.values()].filter((f) => f.catchesErrorTypeAroundCall).map((f) => f.name);
    // Not `logged`, whose wrapper catches only Exception (which an ExceptionGroup is).
    assert.deepEqual(catching, ['Job.__call__']);
  });

  test('a function whose own body makes or starts a thread', () => {
    const { functions } = indexer.index.summaryOf(path.join(PROJECT, 'shop', 'coordination.py'))!;
    const starting = [...functions.values()].filter((f) => f.startsThread).map((f) => f.name);
    // Coordinator.start starts the thread __init__ set on self; Watcher.run runs in one, starting none; Poller has none.
    assert.deepEqual(starting, ['Coordinator.__init__', 'Coordinator.start']);
  });

  test("a class whose __init__ finds the thread's current loop", () => {
    const view = indexer.index.view(moduleIdentity(path.join(PROJECT, 'scripts', 'grind_demo.py')));
    // Grinder keeps asyncio.get_event_loop()'s loop for its executor work; Tally keeps none.
    assert.equal(view.findFunction('shop.grinding.Grinder')?.findsCurrentLoop, true);
    assert.equal(view.findFunction('shop.grinding.Tally')?.findsCurrentLoop, false);
  });

  test('a coroutine suspending only where kept (asyncio.sleep, a future its object holds) and in the coroutines it awaits, and what the index makes of it', () => {
    const { functions } = indexer.index.summaryOf(path.join(PROJECT, 'shop', 'outbox.py'))!;
    const facts = Object.fromEntries([...functions.values()].filter((f) => f.suspension).map((f) => [f.name, f.suspension]));
    assert.deepEqual(facts, {
      'Outbox.post': { suspends: false, loopsOrAsserts: false, awaits: ['shop.ledger.Ledger.record'] },
      'Outbox.post_later': { suspends: true, loopsOrAsserts: false, awaits: ['shop.outbox.Outbox.post'] },
      'Outbox.heartbeat': { suspends: true, loopsOrAsserts: true, awaits: ['shop.ledger.Ledger.record'] },
      'Outbox.receive': { suspends: false, loopsOrAsserts: false, awaits: ['shop.ledger.Ledger.next_entry'] },
      'Outbox.post_and_notify': {
        suspends: false,
        loopsOrAsserts: false,
        awaits: ['shop.ledger.Ledger.record', 'shop.ledger.Ledger.on_recorded'],
      },
      // It waits in `asyncio.to_thread`, which the executor keeps.
      'Outbox.archive': { suspends: true, loopsOrAsserts: false, awaits: [] },
      flush: { suspends: false, loopsOrAsserts: false, awaits: ['shop.ledger.Ledger.record'] },
    });
    const view = indexer.index.view(moduleIdentity(path.join(PROJECT, 'shop', 'relay.py')));
    assert.deepEqual(view.coroutineSuspension('shop.outbox.Outbox.post'), { suspends: false, loopsOrAsserts: false });
    assert.deepEqual(view.coroutineSuspension('shop.outbox.Outbox.post_later'), { suspends: true, loopsOrAsserts: false });
    // Ledger.next_entry waits on its queue's get(); SyncedJournal overrides Journal.note.
    assert.equal(view.coroutineSuspension('shop.outbox.Outbox.receive'), undefined);
    assert.equal(view.coroutineSuspension('shop.ledger.Journal.note'), undefined);
    // Ledger.on_recorded's docstring invites an override: code outside the project may wait there.
    const ledger = indexer.index.summaryOf(path.join(PROJECT, 'shop', 'ledger.py'))!;
    assert.equal(ledger.functions.get('Ledger.on_recorded')?.suspension, undefined);
    assert.deepEqual(ledger.functions.get('Ledger.record')?.suspension, { suspends: false, loopsOrAsserts: false, awaits: [] });
    assert.equal(view.coroutineSuspension('shop.ledger.Ledger.on_recorded'), undefined);
    assert.equal(view.coroutineSuspension('shop.outbox.Outbox.post_and_notify'), undefined);
    // Doorbell.next_visitor waits on a future its listener on the bell holds, until_unplugged on one the bell holds;
    // next_stranger's is on a bell nobody keeps.
    const doorbell = indexer.index.summaryOf(path.join(PROJECT, 'shop', 'doorbell.py'))!;
    assert.deepEqual(doorbell.functions.get('Doorbell.next_visitor')?.suspension, { suspends: true, loopsOrAsserts: false, awaits: [] });
    assert.equal(doorbell.functions.get('Doorbell.next_stranger')?.suspension, undefined);
    assert.deepEqual(doorbell.functions.get('Doorbell.until_unplugged')?.suspension, { suspends: true, loopsOrAsserts: false, awaits: [] });
    assert.deepEqual(view.coroutineSuspension('shop.doorbell.Doorbell.greet_forever'), { suspends: true, loopsOrAsserts: true });
    // IntercomProtocol.request waits on an Event it stored on the protocol right before; request_unanswered on one it keeps to itself.
    const intercom = indexer.index.summaryOf(path.join(PROJECT, 'shop', 'intercom.py'))!;
    assert.deepEqual(intercom.functions.get('IntercomProtocol.request')?.suspension, { suspends: true, loopsOrAsserts: false, awaits: [] });
    assert.deepEqual(view.coroutineSuspension('shop.intercom.IntercomProtocol.request'), { suspends: true, loopsOrAsserts: false });
    assert.equal(view.coroutineSuspension('shop.intercom.IntercomProtocol.request_unanswered'), undefined);
    assert.equal(view.overridesMethod('shop.ledger.Journal', 'note'), true);
    assert.equal(view.overridesMethod('shop.ledger.Ledger', 'record'), false);
  });

  test("read back from the lint cache's text, a summary says the same", () => {
    for (const file of pythonFiles(PROJECT)) {
      const summary = indexer.index.summaryOf(file)!;
      const back = summaryFromText(summaryToText(summary))!;
      assert.deepEqual([...back.classBases], [...summary.classBases], file);
      assert.deepEqual([...back.classes], [...summary.classes], file);
      assert.deepEqual([...back.functions], [...summary.functions], file);
      assert.deepEqual([...(back.getEventLoopPatches ?? [])], [...(summary.getEventLoopPatches ?? [])], file);
    }
  });
});

describe('cross-module diagnostics', () => {
  for (const file of pythonFiles(PROJECT)) {
    test(path.relative(PROJECT, file), () => {
      const text = readFileSync(file, 'utf8');
      const result = lint(file, text);
      assert.deepEqual(result.internalErrors, []);
      const actual = result.diagnostics.map((d) => `${d.start.row + 1}:${d.name}`).sort();
      const expectations = readExpectations(text);
      const expected = expectations.map((e) => `${e.row + 1}:${e.rule}`).sort();
      assert.deepEqual(actual, expected);
      for (const { row, rule, messageIncludes } of expectations) {
        if (messageIncludes === undefined) continue;
        const messages = result.diagnostics.filter((d) => d.start.row === row && d.name === rule).map((d) => d.message);
        assert.ok(
          messages.some((message) => message.includes(messageIncludes)),
          `line ${row + 1}: ${messages.join(' | ')}`,
        );
      }
    });
  }

  test('the chain crosses modules and re-exports, with related locations in the other files', () => {
    const file = path.join(PROJECT, 'shop', 'checkout.py');
    const [first] = lint(file).diagnostics.filter((d) => d.code === 'LOOP108');
    assert.match(first!.message, /load_inventory\(\) → fetch_remote\(\) → requests\.get\(\)/);
    assert.deepEqual(
      first!.related.map((r) => [path.basename(r.file ?? '(same file)'), r.start.row + 1, r.message]),
      [
        ['storage.py', 11, 'calls fetch_remote()'],
        ['storage.py', 7, 'calls requests.get()'],
      ],
    );
  });

  test('updating a module changes its dependents’ diagnostics', () => {
    const storage = path.join(PROJECT, 'shop', 'storage.py');
    const checkout = path.join(PROJECT, 'shop', 'checkout.py');
    const original = readFileSync(storage, 'utf8');
    try {
      assert.equal(indexer.indexText(storage, original.replace('requests.get(url).json()', '{"sku": url}')), true);
      assert.ok(indexer.index.dependentsOf(storage).includes(checkout));
      const codes = lint(checkout).diagnostics.map((d) => `${d.start.row + 1}:${d.code}`);
      assert.deepEqual(codes, ['13:LOOP108', '15:LOOP302']);
      assert.equal(
        indexer.indexText(storage, original.replace('requests.get(url).json()', '{"sku": url}')),
        false,
        'same summary, nothing to re-lint',
      );
    } finally {
      indexer.indexText(storage, original);
    }
  });

  test('a removed module no longer resolves', () => {
    const index = new WorkspaceIndex();
    const local = new ProjectIndexer(linter, index);
    for (const file of pythonFiles(PROJECT)) local.indexFile(file);
    assert.equal(index.remove(path.join(PROJECT, 'shop', 'notify.py')), true);
    const codes = linter
      .lintText(
        readFileSync(path.join(PROJECT, 'shop', 'checkout.py'), 'utf8'),
        {},
        index.view(moduleIdentity(path.join(PROJECT, 'shop', 'checkout.py'))),
      )
      .diagnostics.map((d) => d.code);
    assert.equal(codes.includes('LOOP302'), false);
  });
});

/** A finding as the CLI's JSON output gives it. */
interface CliFinding {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  readonly severity: string;
}

/**
 * Lints the project `files` with a cache (`args` before the folder), then edits `caller` (a comment appended) and lints
 * again: the second run reads the other modules' summaries from the cache. Both runs' findings, each file relative to
 * the project. `absolute`: the folder is named by its absolute path (the files are then indexed by theirs).
 */
function lintedTwiceWithCache(
  files: Record<string, string>,
  caller: string,
  args: readonly string[] = [],
  absolute = false,
): [CliFinding[], CliFinding[]] {
  const root = makeProject(files);
  const cacheDir = path.join(root, '.cache');
  const folder = absolute ? path.join(root, 'app') : 'app';
  const run = (): CliFinding[] =>
    (
      JSON.parse(
        runCli(['lint', '--format', 'json', ...args, '--cache-dir', cacheDir, folder], root, undefined, { LOOPSCOPE_NO_CACHE: '' }).stdout,
      ) as CliFinding[]
    ).map((finding) => ({ ...finding, file: path.relative(root, path.resolve(root, finding.file)) }));
  const first = run();
  writeFileSync(path.join(root, caller), readFileSync(path.join(root, caller), 'utf8') + '\n# edited\n');
  return [first, run()];
}

/** `file:line`, and the message up to its first `: ` when `withMessage`. */
function where(finding: CliFinding, withMessage = false): string {
  const at = `${finding.file}:${finding.line}`;
  return withMessage ? `${at}: ${finding.message.slice(0, finding.message.indexOf(': '))}` : at;
}

describe('the CLI follows calls across the modules it lints', () => {
  test('a whole project, run from its root', () => {
    const result = runCli(['lint', '--format', 'json', '--extend-select', 'LOOP209', '.'], PROJECT);
    const found = (JSON.parse(result.stdout) as { file: string; line: number; code: string }[]).map(
      (item) => `${item.file}:${item.line}:${item.code}`,
    );
    assert.deepEqual(found.sort(), [
      'scripts/feed_demo.py:9:LOOP201',
      'scripts/grind_demo.py:15:LOOP201',
      'scripts/grind_demo.py:16:LOOP203',
      'scripts/grind_demo.py:9:LOOP201',
      'scripts/report.py:7:LOOP108',
      'shop/about.py:11:LOOP108',
      'shop/archive.py:11:LOOP108',
      'shop/archive.py:18:LOOP108',
      'shop/archive.py:19:LOOP108',
      'shop/backups.py:18:LOOP209',
      'shop/calibration.py:7:LOOP209',
      'shop/catalog.py:23:LOOP108',
      'shop/checkout.py:11:LOOP108',
      'shop/checkout.py:12:LOOP108',
      'shop/checkout.py:13:LOOP108',
      'shop/checkout.py:15:LOOP302',
      'shop/dashboard.py:14:LOOP108',
      'shop/dashboard.py:15:LOOP108',
      'shop/dashboard.py:22:LOOP108',
      'shop/feed_runner.py:30:LOOP201',
      'shop/grinding.py:8:LOOP201',
      'shop/hooks.py:15:LOOP101',
      'shop/intercom_desk.py:18:LOOP301',
      'shop/ledger_users.py:11:LOOP108',
      'shop/ledger_users.py:12:LOOP108',
      'shop/playback.py:6:LOOP108',
      'shop/porch.py:14:LOOP301',
      'shop/porch.py:15:LOOP301',
      'shop/porch.py:21:LOOP305',
      'shop/printing.py:8:LOOP108',
      'shop/relay.py:17:LOOP301',
      'shop/relay.py:19:LOOP301',
      'shop/relay.py:21:LOOP301',
      'shop/relay.py:32:LOOP305',
      'shop/relay.py:37:LOOP301',
      'shop/relay.py:40:LOOP305',
      'shop/review.py:7:LOOP108',
      'shop/review.py:9:LOOP108',
      'shop/search_facade.py:25:LOOP203',
      'shop/search_facade.py:30:LOOP203',
      'shop/search_facade.py:39:LOOP203',
      'shop/search_facade.py:59:LOOP203',
      'shop/test_async_cases.py:9:LOOP302',
      'shop/test_coordination.py:33:LOOP306',
      'shop/test_coordination.py:42:LOOP306',
      'shop/test_flows.py:17:LOOP201',
      'shop/test_flows.py:21:LOOP201',
      'shop/test_flows.py:34:LOOP201',
      'shop/test_flows.py:52:LOOP201',
      'shop/test_flows.py:69:LOOP201',
      'shop/test_flows.py:74:LOOP201',
      'shop/test_flows.py:86:LOOP201',
      'shop/test_loop_decorators.py:16:LOOP201',
      'shop/test_telemetry.py:12:LOOP108',
      'shop/thermostat.py:23:LOOP205',
      'shop/throttled_calls.py:11:LOOP108',
      'shop/throttled_calls.py:12:LOOP108',
      'shop/throttled_calls.py:13:LOOP108',
      'shop/till.py:6:LOOP105',
      'shop/upload_jobs.py:10:LOOP108',
      'shop/usage.py:6:LOOP108',
      'shop/waiting.py:9:LOOP108',
      'shop/workers.py:15:LOOP203',
      'shop/workers.py:21:LOOP205',
    ]);
  });

  test('one file: a test module spying on its run_in_executor calls is read on demand', () => {
    const result = runCli(['lint', '--format', 'json', '--select', 'LOOP205', 'shop/thermostat.py'], PROJECT);
    assert.deepEqual(
      (JSON.parse(result.stdout) as { line: number }[]).map((finding) => finding.line),
      [23],
    );
  });

  test('one file: a test module replacing asyncio.get_event_loop for it is read on demand, not for a module it does not import', () => {
    const lines = (file: string): number[] =>
      (JSON.parse(runCli(['lint', '--format', 'json', '--select', 'LOOP201', file], PROJECT).stdout) as { line: number }[]).map(
        (finding) => finding.line,
      );
    assert.deepEqual(lines('shop/telnet.py'), []);
    // (The coroutine-only `stop()` of an example no test imports keeps its finding.)
    assert.ok(lines('scripts/feed_demo.py').includes(9));
  });

  test('one file: the modules it imports are read on demand', () => {
    const result = runCli(['lint', '--format', 'json', 'shop/checkout.py'], PROJECT);
    assert.equal((JSON.parse(result.stdout) as unknown[]).length, 4);
  });

  test("a constructor's argument decides a test of the attribute it sets, from a summary kept in the cache too", () => {
    const files = {
      'app/__init__.py': '',
      'app/receipts.py': readFileSync(path.join(PROJECT, 'shop', 'receipts.py'), 'utf8'),
      'app/printing.py': readFileSync(path.join(PROJECT, 'shop', 'printing.py'), 'utf8'),
    };
    // Only the caller changes the second time: the summary of receipts.py comes from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/printing.py'))
      assert.deepEqual(
        run.map((finding) => where(finding)),
        ['app/printing.py:8'],
      );
  });

  test("a constructor's keywords left out take the defaults its set-up methods read, from a summary kept in the cache too", () => {
    // The certificate is read two methods down, only where `tls` (read by a set-up method from `**options`, False
    // when left out) is true and no transport was handed in.
    const files = {
      'app/__init__.py': '',
      'app/connections.py': readFileSync(
        path.join(__dirname, '..', 'fixtures', 'rules', 'transitive-blocking', 'constructor_keywords.py'),
        'utf8',
      ).split('\n\n\ndef make_client')[0]!,
      'app/test_connections.py': [
        'from app.connections import Client',
        '',
        '',
        'def make_client(address="localhost:8080"):',
        '    return Client(f"http://{address}", address=address)',
        '',
        '',
        'async def test_clients(settings):',
        '    make_client()',
        '    Client("http://localhost:8080", transport=object(), tls=True, cert_file="ca.pem")',
        '    Client("http://localhost:8080", tls=True, cert_file="ca.pem")',
        '    Client("http://localhost:8080", tls=settings.tls, cert_file="ca.pem")',
        '',
      ].join('\n'),
    };
    for (const run of lintedTwiceWithCache(files, 'app/test_connections.py'))
      assert.deepEqual(
        run.filter((finding) => finding.file === 'app/test_connections.py').map((finding) => where(finding)),
        ['app/test_connections.py:11', 'app/test_connections.py:12'],
      );
  });

  test('a class whose metaclass defines `__call__` is not followed into its `__init__`, from summaries kept in the cache too', () => {
    const files = Object.fromEntries(
      ['__init__.py', 'metaclasses.py', 'singletons.py', 'catalog.py'].map((name) => [
        `app/${name}`,
        name === '__init__.py' ? '' : readFileSync(path.join(PROJECT, 'shop', name), 'utf8'),
      ]),
    );
    // The second time, the summaries of metaclasses.py and singletons.py (each class's metaclass, each metaclass's
    // `__call__`) come from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/catalog.py'))
      assert.deepEqual(
        run.map((finding) => where(finding)),
        ['app/catalog.py:23'],
      );
  });

  test('a parameter handed on decides a test further down, from a summary kept in the cache too', () => {
    const files = {
      'app/__init__.py': '',
      'app/addresses.py': readFileSync(path.join(PROJECT, 'shop', 'addresses.py'), 'utf8'),
      'app/dashboard.py': readFileSync(path.join(PROJECT, 'shop', 'dashboard.py'), 'utf8'),
    };
    // The second time, the summary of addresses.py, with the defaults `local_ip()` hands on and the send `fill()` expects
    // to fail rather than wait, comes from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/dashboard.py'))
      assert.deepEqual(
        run.map((finding) => where(finding)),
        ['app/dashboard.py:14', 'app/dashboard.py:15', 'app/dashboard.py:22'],
      );
  });

  test("a task of another module's coroutine that never suspends, or only sleeps, from summaries kept in the cache too", () => {
    const files = Object.fromEntries(
      ['__init__.py', 'ledger.py', 'outbox.py', 'relay.py'].map((name) => [
        `app/${name}`,
        name === '__init__.py' ? '' : readFileSync(path.join(PROJECT, 'shop', name), 'utf8'),
      ]),
    );
    // The second time, the summaries of outbox.py and ledger.py (each coroutine's suspensions and awaits) come from the
    // cache: the tasks of post(), post_later() and flush() are not reported, nor the `try` around post().
    for (const run of lintedTwiceWithCache(files, 'app/relay.py'))
      assert.deepEqual(
        run.map((finding) => where(finding)),
        ['app/relay.py:17', 'app/relay.py:19', 'app/relay.py:21', 'app/relay.py:32', 'app/relay.py:37', 'app/relay.py:40'],
      );
  });

  test('an import naming a namespace package (a folder with no `__init__.py`) finds the modules below it', () => {
    const files = Object.fromEntries(
      ['__init__.py', 'ledger.py', 'outbox.py', 'relay.py'].map((name) => [
        `app/shop/${name}`,
        name === '__init__.py' ? '' : readFileSync(path.join(PROJECT, 'shop', name), 'utf8').replace(/from \./g, 'from app.shop.'),
      ]),
    );
    // Module names start below `app/`, which imports name as a namespace package: `app.shop.outbox` is `shop.outbox`.
    for (const run of lintedTwiceWithCache(files, 'app/shop/relay.py'))
      assert.deepEqual(
        run.map((finding) => where(finding)),
        [
          'app/shop/relay.py:17',
          'app/shop/relay.py:19',
          'app/shop/relay.py:21',
          'app/shop/relay.py:32',
          'app/shop/relay.py:37',
          'app/shop/relay.py:40',
        ],
      );
  });

  test('a module of a namespace package changed, the index re-lints the modules importing it by the namespace', () => {
    const files = Object.fromEntries(
      ['__init__.py', 'ledger.py', 'outbox.py', 'relay.py'].map((name) => [
        `app/shop/${name}`,
        name === '__init__.py' ? '' : readFileSync(path.join(PROJECT, 'shop', name), 'utf8').replace(/from \./g, 'from app.shop.'),
      ]),
    );
    const root = makeProject(files);
    const index = new WorkspaceIndex();
    const projectIndexer = new ProjectIndexer(linter, index);
    for (const file of Object.keys(files)) projectIndexer.indexFile(path.join(root, file));
    const [ledger, outbox, relay] = ['ledger.py', 'outbox.py', 'relay.py'].map((name) => path.join(root, 'app/shop', name));
    // relay.py imports `app.shop.outbox`, indexed as `shop.outbox` (module names start below `app/`).
    assert.deepEqual(index.dependentsOf(outbox!), [relay]);
    assert.deepEqual(index.dependentsOf(ledger!), [outbox, relay]);
    const relayFindings = () =>
      linter
        .lintText(readFileSync(relay!, 'utf8'), {}, index.view(moduleIdentity(relay!), relay))
        .diagnostics.map((d) => `${d.start.row + 1}:${d.code}`);
    assert.deepEqual(relayFindings(), ['17:LOOP301', '19:LOOP301', '21:LOOP301', '32:LOOP305', '37:LOOP301', '40:LOOP305']);
    // Outbox.post now waits on a queue: its task, post_later's, and the `try` around it in relay.py are reported.
    const waiting = files['app/shop/outbox.py']!.replace('await self.ledger.record(message)\n', 'await self.ledger.next_entry()\n');
    assert.equal(projectIndexer.indexText(outbox!, waiting), true);
    assert.deepEqual(relayFindings(), [
      '13:LOOP301',
      '14:LOOP301',
      '17:LOOP301',
      '19:LOOP301',
      '21:LOOP301',
      '28:LOOP305',
      '32:LOOP305',
      '37:LOOP301',
      '40:LOOP305',
    ]);
  });
  test('a decorator of another module setting a loop before it runs a test, from a summary kept in the cache too', () => {
    const files = {
      'app/__init__.py': '',
      'app/loop_decorators.py': readFileSync(path.join(PROJECT, 'shop', 'loop_decorators.py'), 'utf8'),
      'app/test_loop_decorators.py': readFileSync(path.join(PROJECT, 'shop', 'test_loop_decorators.py'), 'utf8'),
    };
    // The second time, the summary of loop_decorators.py, which says dedicated_loop sets a loop before its call of the
    // test, comes from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/test_loop_decorators.py', ['--select', 'LOOP201']))
      assert.deepEqual(
        run.map((finding) => where(finding)),
        ['app/test_loop_decorators.py:16'],
      );
  });

  test('a decorator of another module runs a hook in a worker thread, from a summary kept in the cache too', () => {
    const files = {
      'app/__init__.py': '',
      'app/workers.py': readFileSync(path.join(PROJECT, 'shop', 'workers.py'), 'utf8'),
      'app/hooks.py': readFileSync(path.join(PROJECT, 'shop', 'hooks.py'), 'utf8').replace('from shop.workers', 'from app.workers'),
    };
    // The second time, the summary of workers.py, which says concurrent() runs what it decorates in a thread, comes from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/hooks.py'))
      assert.deepEqual(
        run.filter((finding) => finding.file === 'app/hooks.py').map((finding) => where(finding)),
        ['app/hooks.py:15'],
      );
  });

  test("a blocking call another module's author accepted with a `# noqa` ends no chain, from a summary kept in the cache too", () => {
    const files = {
      'app/__init__.py': '',
      'app/recordings.py': readFileSync(path.join(PROJECT, 'shop', 'recordings.py'), 'utf8'),
      'app/playback.py': readFileSync(path.join(PROJECT, 'shop', 'playback.py'), 'utf8').replace('from shop.', 'from app.'),
    };
    // The second time, the summary of recordings.py, where Recording's read carries `# noqa: ASYNC230` and convert()'s
    // subprocess only another rule's code, comes from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/playback.py'))
      assert.deepEqual(
        run.map((finding) => where(finding, true)),
        ['app/playback.py:6: `convert()` blocks the event loop'],
      );
  });

  test("a test polling an object another module's class runs in a thread of its own, or a plain method read without a call, from a summary kept in the cache too", () => {
    const files = {
      'app/__init__.py': '',
      'app/coordination.py': readFileSync(path.join(PROJECT, 'shop', 'coordination.py'), 'utf8'),
      'app/test_coordination.py': readFileSync(path.join(PROJECT, 'shop', 'test_coordination.py'), 'utf8'),
    };
    // The second time, the summary of coordination.py, which says Coordinator's __init__ and start() run a thread and
    // Reader.ready is a plain method, comes from the cache: only the polls of a flag and of a property are reported.
    for (const run of lintedTwiceWithCache(files, 'app/test_coordination.py'))
      assert.deepEqual(
        run.map((finding) => where(finding)),
        ['app/test_coordination.py:33', 'app/test_coordination.py:42'],
      );
  });

  test("an awaited function another module's decorator wraps is not followed, from a summary kept in the cache too", () => {
    const files = {
      'app/__init__.py': '',
      'app/dispatch.py': readFileSync(path.join(PROJECT, 'shop', 'dispatch.py'), 'utf8'),
      'app/approvals.py': readFileSync(path.join(PROJECT, 'shop', 'approvals.py'), 'utf8').replace('from shop.', 'from app.'),
      'app/review.py': readFileSync(path.join(PROJECT, 'shop', 'review.py'), 'utf8').replace('from shop.', 'from app.'),
    };
    // The second time, the summary of approvals.py, which says a decorator wraps wait_for_approval(), comes from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/review.py'))
      assert.deepEqual(
        run.map((finding) => where(finding, true)),
        ['app/review.py:7: `poll_approval()` blocks the event loop', 'app/review.py:9: `wait_for_approval()` blocks the event loop'],
      );
  });

  test("a method another module's decorator makes plain is no coroutine to gather, from a summary kept in the cache too", () => {
    const files = {
      'app/__init__.py': '',
      'app/status.py': readFileSync(path.join(PROJECT, 'shop', 'status.py'), 'utf8'),
      'app/devices.py': readFileSync(path.join(PROJECT, 'shop', 'devices.py'), 'utf8'),
      'app/calibration.py': readFileSync(path.join(PROJECT, 'shop', 'calibration.py'), 'utf8'),
    };
    // Nothing imports devices.py or status.py: the second time, their summaries (`set` wrapped by Status.wrap, which
    // returns a plain wrapper) come from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/calibration.py', ['--extend-select', 'LOOP209', '--target-version', '3.11']))
      assert.deepEqual(
        run.map((finding) => where(finding)),
        ['app/calibration.py:7'],
      );
  });

  test("a coroutine another module's decorator calls in a `try` catching an error type, from a summary kept in the cache too", () => {
    const files = {
      'app/__init__.py': '',
      'app/jobs.py': readFileSync(path.join(PROJECT, 'shop', 'jobs.py'), 'utf8'),
      'app/backups.py': readFileSync(path.join(PROJECT, 'shop', 'backups.py'), 'utf8').replace('from shop.', 'from app.'),
    };
    // The second time, the summary of jobs.py, which says Job's instances catch ShopError around their call, comes from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/backups.py', ['--extend-select', 'LOOP209', '--target-version', '3.11']))
      assert.deepEqual(
        run.map((finding) => where(finding)),
        ['app/backups.py:18'],
      );
  });

  test('an imported generator function blocks only where a `with` enters it, from a summary kept in the cache too', () => {
    const files = {
      'app/__init__.py': '',
      'app/tempfiles.py': readFileSync(path.join(PROJECT, 'shop', 'tempfiles.py'), 'utf8'),
      'app/archive.py': readFileSync(path.join(PROJECT, 'shop', 'archive.py'), 'utf8'),
    };
    const expected = [
      'app/archive.py:11: Entering `with temporary_file()` blocks the event loop',
      'app/archive.py:18: `stage()` blocks the event loop',
      'app/archive.py:19: `write_scratch()` blocks the event loop',
    ];
    // The second time, the summary of tempfiles.py, which says temporary_file() is a generator function, comes from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/archive.py'))
      assert.deepEqual(
        run.map((finding) => where(finding, true)),
        expected,
      );
  });
  test('a chain goes through a generator function of another module only where a `with` enters it or a loop runs it, from a summary kept in the cache too', () => {
    const files = {
      'app/__init__.py': '',
      'app/streams.py': [
        'import contextlib',
        '',
        'def read_blocks(path):',
        '    with open(path, "rb") as source:',
        '        while block := source.read(65536):',
        '            yield block',
        '',
        '@contextlib.contextmanager',
        'def opened_journal(path):',
        '    journal = open(path, "a")',
        '    try:',
        '        yield journal',
        '    finally:',
        '        journal.close()',
        '',
        'def deferred(path):',
        '    blocks = read_blocks(path)',
        '    return [blocks]',
        '',
        'def copy_to(path, target):',
        '    blocks = read_blocks(path)',
        '    for block in blocks:',
        '        target.write(block)',
      ].join('\n'),
      'app/responses.py': [
        'from .streams import opened_journal, read_blocks',
        '',
        'class StreamedBody:',
        '    def __init__(self, chunks):',
        '        self.chunks = chunks',
        '',
        'def stream_file(path):',
        '    return StreamedBody(read_blocks(path))',
        '',
        'def record(path, entry):',
        '    with opened_journal(path) as journal:',
        '        journal.write(entry)',
        '',
        'def checksum(path):',
        '    return sum(len(block) for block in read_blocks(path))',
      ].join('\n'),
      'app/views.py': [
        'from .responses import checksum, record, stream_file',
        'from .streams import copy_to, deferred, read_blocks',
        '',
        'def download(path):',
        '    return stream_file(path)',
        '',
        'def kept_blocks(path):',
        '    blocks = read_blocks(path)',
        '    return blocks',
        '',
        'def block_count(path):',
        '    return len([block for block in read_blocks(path)])',
        '',
        'async def serve(path):',
        '    download(path)',
        '    stream_file(path)',
        '    kept_blocks(path)',
        '    block_count(path)',
        '    record(path, "served")',
        '    checksum(path)',
        '    deferred(path)',
        '    copy_to(path, None)',
      ].join('\n'),
    };
    const expected = [
      'app/views.py:18: `block_count()` blocks the event loop',
      'app/views.py:19: `record()` blocks the event loop',
      'app/views.py:20: `checksum()` blocks the event loop',
      'app/views.py:22: `copy_to()` blocks the event loop',
    ];
    // The second time, the summaries of streams.py and responses.py (which calls enter or iterate what they make) come
    // from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/views.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.filter((finding) => finding.file === 'app/views.py').map((finding) => where(finding, true)),
        expected,
      );
  });

  test('a test base of another module whose setUp makes a loop current, from a summary kept in the cache too', () => {
    const files = {
      'app/__init__.py': '',
      'app/testing.py': readFileSync(path.join(PROJECT, 'shop', 'testing.py'), 'utf8'),
      'app/test_flows.py': readFileSync(path.join(PROJECT, 'shop', 'test_flows.py'), 'utf8'),
    };
    // The second time, the summary of testing.py, which says LoopCase.setUp makes a loop current, comes from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/test_flows.py', ['--select', 'LOOP201']))
      assert.deepEqual(
        run.filter((finding) => finding.file === 'app/test_flows.py').map((finding) => where(finding)),
        [17, 21, 34, 52, 69, 74, 86].map((line) => `app/test_flows.py:${line}`),
      );
  });

  test('a loop wrapper of another module keeping the tasks it starts, and a coroutine there that cannot fail, from a summary kept in the cache too', () => {
    const files = {
      'app/__init__.py': '',
      'app/reactor.py': [
        'import asyncio',
        'import logging',
        '',
        'class Reactor:',
        '    def __init__(self, aioloop):',
        '        self.aioloop = aioloop',
        '        self.pending = set()',
        '',
        '    def create_task(self, coro):',
        '        task = self.aioloop.create_task(coro)',
        '        self.pending.add(task)',
        '        task.add_done_callback(self.pending.discard)',
        '        return task',
        '',
        'class Hub:',
        '    def __init__(self, reactor: Reactor):',
        '        self.reactor = reactor',
        '',
        '    def get_event_loop(self) -> Reactor:',
        '        return self.reactor',
        '',
        'async def sweep_forever(registry, period):',
        '    while True:',
        '        try:',
        '            registry.sweep()',
        '        except Exception:',
        '            logging.exception("sweep failed")',
        '        await asyncio.sleep(period // 2)',
        '',
        'async def sweep_checked(registry, period):',
        '    while True:',
        '        registry.sweep()',
        '        await asyncio.sleep(period // 2)',
        '',
      ].join('\n'),
      'app/sensors.py': [
        'import asyncio',
        'from .reactor import Hub, sweep_forever, sweep_checked',
        '',
        'async def refresh():',
        '    reader, writer = await asyncio.open_connection("localhost", 8080)',
        '    await reader.read()',
        '',
        'class Sensor:',
        '    def __init__(self, hub: Hub, other_loop):',
        '        self.event_loop = hub.get_event_loop()',
        '        self.other_loop = other_loop',
        '',
        '    def on_change(self, registry):',
        '        self.event_loop.create_task(refresh())',
        '        self.other_loop.create_task(refresh())',
        '        asyncio.create_task(sweep_forever(registry, 10))',
        '        asyncio.create_task(sweep_checked(registry, 10))',
        '',
      ].join('\n'),
    };
    // The second time, the summary of reactor.py (Hub.get_event_loop returns a Reactor, whose create_task keeps its
    // task; sweep_forever cannot fail) comes from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/sensors.py', ['--select', 'LOOP301']))
      assert.deepEqual(
        run.map((finding) => where(finding, true)),
        [
          'app/sensors.py:15: Nothing keeps the task `self.other_loop.create_task(...)` returns',
          'app/sensors.py:17: Nothing awaits the task `asyncio.create_task(...)` returns',
        ],
      );
  });

  test('a method or class of another module leaving a loop current, from a summary kept in the cache too', () => {
    const files = {
      'app/__init__.py': '',
      'app/feeds.py': readFileSync(path.join(PROJECT, 'shop', 'feeds.py'), 'utf8'),
      'app/feed_runner.py': readFileSync(path.join(PROJECT, 'shop', 'feed_runner.py'), 'utf8'),
    };
    // The second time, the summary of feeds.py, which says FeedHandler.run and Connection make a loop current, comes
    // from the cache.
    for (const run of lintedTwiceWithCache(files, 'app/feed_runner.py', ['--select', 'LOOP201']))
      assert.deepEqual(
        run.map((finding) => where(finding)),
        ['app/feed_runner.py:30'],
      );
  });

  // A test module is summarised only when a lookup reaches it (OnDemandProject's summarisedOnDemand): test_base.py is
  // linted before test_client.py, which imports it, and its lint is taken from the cache the second time.
  const testBase = [
    'import time',
    '',
    '',
    'def wait_for_server():',
    '    time.sleep(1)',
    '',
    '',
    'async def load_flows(f):',
    '    return f',
  ];
  const testClient = [
    'from app.test_base import wait_for_server',
    '',
    '',
    'async def test_client(store, path):',
    '    wait_for_server()',
    '    with open(path) as f:',
    '        await store.load_flows(f)',
  ];

  for (const absolute of [false, true]) {
    test(`a function of a test module another module imports, from a summary kept in the cache too (${absolute ? 'absolute' : 'relative'} paths)`, () => {
      const files = { 'app/__init__.py': '', 'app/test_base.py': testBase.join('\n'), 'app/test_client.py': testClient.join('\n') };
      for (const run of lintedTwiceWithCache(files, 'app/test_client.py', ['--select', 'LOOP108'], absolute))
        assert.deepEqual(
          run.map((finding) => where(finding, true)),
          ['app/test_client.py:5: `wait_for_server()` blocks the event loop'],
        );
    });

    test(`an \`async def\` of a test module linted before, found by its name, from a summary kept in the cache too (${absolute ? 'absolute' : 'relative'} paths)`, () => {
      const files = { 'app/__init__.py': '', 'app/test_base.py': testBase.join('\n'), 'app/test_client.py': testClient.join('\n') };
      // `store.load_flows(f)` may be the project's own coroutine, doing its own reading: the file's reads are said to
      // block, not left to a library.
      for (const run of lintedTwiceWithCache(files, 'app/test_client.py', ['--select', 'LOOP104'], absolute))
        assert.deepEqual(
          run.map((finding) => `${where(finding)}: ${/block too|up to the library/.exec(finding.message)?.[0]}`),
          ['app/test_client.py:6: block too'],
        );
    });
  }
});

describe("a call's own arguments decide the guard of what it calls, in another module", () => {
  // files.parse() opens a path only when not in local mode (an early return before the open); media.py's Photo passes
  // local_mode=True, Upload passes its argument on; bytes are no `str | Path`.
  const files = [
    'from pathlib import Path',
    '',
    '',
    'def parse(value, local_mode=False):',
    '    if isinstance(value, str | Path):',
    '        if local_mode:',
    '            return Path(value).as_uri()',
    '        with Path(value).open("rb") as handle:',
    '            return handle.read()',
    '    return value',
    '',
  ].join('\n');
  const media = [
    'from app.files import parse',
    '',
    '',
    'class Photo:',
    '    def __init__(self, photo):',
    '        self.photo = parse(photo, local_mode=True)',
    '',
    '',
    'class Upload:',
    '    def __init__(self, data):',
    '        self.data = parse(data)',
    '',
  ].join('\n');
  // The caller is in a third module: what media.py's constructors pass comes from media.py's summary.
  const bot = [
    'from app.files import parse',
    'from app.media import Photo, Upload',
    '',
    '',
    'async def send(path):',
    '    Photo(path)',
    '    Upload(path)',
    '    parse(b"raw bytes")',
    '    parse(path, local_mode=False)',
    '',
  ].join('\n');

  test('local_mode=True (after an early return) and bytes (not `str | Path`) rule the open out; from a summary kept in the cache too', () => {
    const expected = [
      'app/bot.py:7: `Upload()` may block the event loop, when `isinstance(value, str | Path)` and `not (local_mode)`',
      'app/bot.py:9: `parse()` may block the event loop, when `isinstance(value, str | Path)` and `not (local_mode)`',
    ];
    // The second time, the summaries of files.py (its guard) and media.py (what its calls pass) come from the cache.
    const project = { 'app/__init__.py': '', 'app/files.py': files, 'app/media.py': media, 'app/bot.py': bot };
    for (const run of lintedTwiceWithCache(project, 'app/bot.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.map((finding) => where(finding, true)),
        expected,
      );
  });
});

describe('a directory just made, given to a helper of another module that tests what lies below its argument', () => {
  // browser-use's FileSystem: it removes the data directory below its base directory when that exists, which nothing
  // does below a directory just made for a test. The test (a guard on `base_dir`) comes from files.py's summary.
  const files = [
    'import shutil',
    'from pathlib import Path',
    '',
    '',
    'class FileSystem:',
    '    def __init__(self, base_dir):',
    '        self.base_dir = Path(base_dir) if isinstance(base_dir, str) else base_dir',
    '        self.base_dir.mkdir(parents=True, exist_ok=True)',
    '        self.data_dir = self.base_dir / "agent_data"',
    '        if self.data_dir.exists():',
    '            shutil.rmtree(self.data_dir)',
    '',
  ].join('\n');
  // What a helper in a second module passes comes from its summary: a directory it makes itself decides the test; one
  // it is handed on is not followed through the summary (whether the helper did something to it first is not kept).
  const helpers = [
    'import tempfile',
    'from app.files import FileSystem',
    '',
    '',
    'def scratch_file_system():',
    '    return FileSystem(tempfile.mkdtemp())',
    '',
    '',
    'def file_system_in(directory):',
    '    return FileSystem(directory)',
    '',
  ].join('\n');
  const tests = [
    'import tempfile',
    'from app.files import FileSystem',
    'from app.helpers import file_system_in, scratch_file_system',
    '',
    '',
    'async def test_fresh(tmp_path):',
    '    FileSystem(tmp_path / "workspace")',
    '',
    '',
    'async def test_scratch():',
    '    scratch_file_system()',
    '',
    '',
    'async def test_handed_on():',
    '    with tempfile.TemporaryDirectory() as directory:',
    '        file_system_in(directory)',
    '',
    '',
    'async def serve(root):',
    '    FileSystem(root)',
    '',
  ].join('\n');

  test('rules the removal out for tmp_path and mkdtemp(), not for another directory; from a summary kept in the cache too', () => {
    const expected = [
      'app/test_files.py:16: `file_system_in()` may block the event loop, when `self.data_dir.exists()`',
      'app/test_files.py:20: `FileSystem()` may block the event loop, when `self.data_dir.exists()`',
    ];
    const project = { 'app/__init__.py': '', 'app/files.py': files, 'app/helpers.py': helpers, 'app/test_files.py': tests };
    for (const run of lintedTwiceWithCache(project, 'app/test_files.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.map((finding) => where(finding, true)),
        expected,
      );
  });
});

describe("a test's parameter receives the fixture of the nearest conftest.py defining it", () => {
  // App() reads settings from disk when given none. tests/conftest.py's fixtures hand out a Settings instance
  // (`settings`, `overridden`) or maybe None (`maybe`); tests/integration/conftest.py overrides `overridden` with None.
  const app = [
    'def read_settings():',
    '    with open("settings.yaml") as f:',
    '        return f.read()',
    '',
    '',
    'class App:',
    '    def __init__(self, settings=None):',
    '        if settings is None:',
    '            settings = read_settings()',
    '        self.settings = settings',
    '',
  ];
  const conftest = [
    'import pytest',
    '',
    '',
    'class Settings:',
    '    pass',
    '',
    '',
    '@pytest.fixture',
    'def settings():',
    '    return Settings()',
    '',
    '',
    '@pytest.fixture',
    'def overridden():',
    '    yield Settings()',
    '',
    '',
    '@pytest.fixture',
    'def maybe(request):',
    '    return getattr(request, "param", None)',
    '',
  ].join('\n');
  const closer = ['import pytest', '', '', '@pytest.fixture', 'def overridden():', '    return None', ''].join('\n');
  const nested = [
    ...app,
    '',
    'async def test_settings(settings):',
    '    App(settings=settings)',
    '',
    '',
    'async def test_overridden(overridden):',
    '    App(settings=overridden)',
    '',
    '',
    'async def test_maybe(maybe):',
    '    App(settings=maybe)',
    '',
    '',
    'async def test_unknown(unknown):',
    '    App(settings=unknown)',
    '',
  ].join('\n');
  const top = [...app, '', 'async def test_overridden(overridden):', '    App(settings=overridden)', ''].join('\n');
  const files = {
    'app/__init__.py': '',
    'app/tests/conftest.py': conftest,
    'app/tests/test_top.py': top,
    'app/tests/integration/conftest.py': closer,
    'app/tests/integration/test_app.py': nested,
  };
  const nestedFindings = [18, 22, 26].map((line) => `app/tests/integration/test_app.py:${line}`);

  test('a Settings instance rules the read out; None, maybe None or no fixture known does not; from summaries kept in the cache too', () => {
    for (const run of lintedTwiceWithCache(files, 'app/tests/integration/test_app.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.map((finding) => where(finding)),
        nestedFindings,
      );
  });

  test('one test file: the conftest.py files above it are read on demand', () => {
    const root = makeProject(files);
    const run = runCli(['lint', '--format', 'json', '--select', 'LOOP108', 'app/tests/integration/test_app.py'], root);
    assert.deepEqual(
      (JSON.parse(run.stdout) as CliFinding[]).map((finding) => where(finding)),
      nestedFindings,
    );
  });

  test("a changed conftest.py changes its folder's findings, also where the tests' own lints come from the cache", () => {
    const root = makeProject(files);
    const cacheDir = path.join(root, '.cache');
    const run = (): string[] =>
      (
        JSON.parse(
          runCli(['lint', '--format', 'json', '--select', 'LOOP108', '--cache-dir', cacheDir, 'app'], root, undefined, {
            LOOPSCOPE_NO_CACHE: '',
          }).stdout,
        ) as CliFinding[]
      ).map((finding) => where(finding));
    assert.deepEqual(run(), nestedFindings);
    writeFileSync(path.join(root, 'app/tests/integration/conftest.py'), closer.replace('return None', 'return "configured"'));
    assert.deepEqual(run(), nestedFindings.slice(1));
  });

  test('the index re-lints the files below a changed conftest.py', () => {
    const root = makeProject(files);
    const index = new WorkspaceIndex();
    const projectIndexer = new ProjectIndexer(linter, index);
    for (const file of Object.keys(files)) projectIndexer.indexFile(path.join(root, file));
    assert.deepEqual(index.dependentsOf(path.join(root, 'app/tests/integration/conftest.py')), [
      path.join(root, 'app/tests/integration/test_app.py'),
    ]);
    assert.deepEqual(
      index.summaryOf(path.join(root, 'app/tests/conftest.py'))?.fixtures,
      new Map([
        ['pytest', null],
        ['settings', { isNone: false }],
        ['overridden', { isNone: false }],
        ['maybe', null],
      ]),
    );
  });
});

describe("a file handed to the project's own test client, which a conftest.py fixture hands out or whose class it hands out", () => {
  // TestClient's `post` is a partial of its `request` coroutine made by `__getattr__`; `request` encodes the form with a
  // plain function reading each file on the loop. No library reads the file: the usual message, not the library one.
  const files = {
    'app/__init__.py': '',
    'app/testing.py': [
      'from functools import partial',
      '',
      '',
      'def encode_form(fields):',
      '    return b"".join(value.read() for value in fields.values())',
      '',
      '',
      'class TestClient:',
      '    def __init__(self, app):',
      '        self.app = app',
      '',
      '    def __getattr__(self, verb):',
      '        return partial(self.request, method=verb.upper())',
      '',
      '    async def request(self, path, method="GET", data=None):',
      '        return await self.app(method, path, encode_form(data or {}))',
      '',
    ].join('\n'),
    'app/tests/__init__.py': '',
    'app/tests/conftest.py': [
      'import pytest',
      '',
      'from app.testing import TestClient',
      '',
      '',
      '@pytest.fixture',
      'def client_cls():',
      '    return TestClient',
      '',
      '',
      '@pytest.fixture',
      'def client(app, client_cls):',
      '    return client_cls(app)',
      '',
    ].join('\n'),
    'app/tests/test_upload.py': [
      'from pathlib import Path',
      '',
      'from httpx import AsyncClient',
      '',
      '',
      'async def test_made_from_the_class(app, client_cls):',
      '    client = client_cls(app)',
      '    with Path(__file__).open() as f:',
      '        await client.post("/", data={"f": f})',
      '',
      '',
      'async def test_from_the_fixture(client):',
      '    await client.put("/", data={"f": Path(__file__).open()})',
      '',
      '',
      'async def test_library_client():',
      '    async with AsyncClient() as http:',
      '        with Path(__file__).open() as f:',
      '            await http.post("/", files={"f": f})',
      '',
    ].join('\n'),
  };
  const usual = 'reading and writing the file it opens block too';
  const library = "is up to the library's awaited `http.post`";

  test('the usual message for the project client, the library one for the library client; from summaries kept in the cache too', () => {
    for (const run of lintedTwiceWithCache(files, 'app/tests/test_upload.py', ['--select', 'LOOP104']))
      assert.deepEqual(
        run.map((finding) => [where(finding), [usual, library].find((part) => finding.message.includes(part))]),
        [
          ['app/tests/test_upload.py:8', usual],
          ['app/tests/test_upload.py:13', usual],
          ['app/tests/test_upload.py:18', library],
        ],
      );
  });
});

describe('keywords handed on in `**settings`, and a class of the project given to an `isinstance` test, in other modules', () => {
  // Site() reads its manifest only when `bundled` (keyword-only, False by default). Harness() hands its `**settings`
  // on to Site() unless it is given a Site (or a subclass) as it is. What a test's call passes decides both.
  const files = {
    'app/__init__.py': '',
    'app/web/__init__.py': 'from app.web.site import Site\n',
    'app/web/site.py': [
      'def read_manifest():',
      '    with open("manifest.json") as f:',
      '        return f.read()',
      '',
      '',
      'class Site:',
      '    def __init__(self, root, *, bundled=False, **options):',
      '        if bundled:',
      '            self.manifest = read_manifest()',
      '',
    ].join('\n'),
    'app/web/static.py': ['from .site import Site', '', '', 'class StaticSite(Site):', '    pass', ''].join('\n'),
    'app/widgets.py': ['class Widget:', '    pass', ''].join('\n'),
    'app/harness.py': [
      'from .web.site import Site',
      '',
      '',
      'class Harness:',
      '    def __init__(self, app=None, port=0, **settings):',
      '        if isinstance(app, Site):',
      '            self.app = app',
      '        else:',
      '            self.app = Site("root", **settings)',
      '',
    ].join('\n'),
    'app/bot.py': [
      'from app.harness import Harness',
      'from app.web import Site',
      'from app.web.static import StaticSite',
      'from app.widgets import Widget',
      '',
      '',
      'async def start():',
      '    Harness()',
      '    Harness(port=8000, title="Shop")',
      '    site = Site("root")',
      '    Harness(site, bundled=True)',
      '    static = StaticSite("root")',
      '    Harness(static, bundled=True)',
      '    Harness(Widget(), bundled=True)',
      '    Harness(bundled=True)',
      '',
    ].join('\n'),
  };

  test('no `bundled` passed, or a Site given through a re-export or as a subclass, rules the read out; from the cache too', () => {
    const when = '`Harness()` may block the event loop, when `not (isinstance(app, Site))` (in `Harness()`) and `bundled` (in `Site()`)';
    const expected = [`app/bot.py:14: ${when}`, `app/bot.py:15: ${when}`];
    for (const run of lintedTwiceWithCache(files, 'app/bot.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.map((finding) => where(finding, true)),
        expected,
      );
  });
});

describe('arguments that decide every condition of the chain, in another module: it blocks, not "may block"', () => {
  // HAP-python's AccessoryDriver: `self.loader = loader or Loader()`, and Loader() reads a file. A call passing no
  // loader takes that branch (the default is None), the chain's only condition.
  const files = {
    'app/__init__.py': '',
    'app/loader.py': [
      'class Loader:',
      '    def __init__(self, path="defs.json"):',
      '        with open(path) as f:',
      '            self.defs = f.read()',
      '',
    ].join('\n'),
    'app/driver.py': [
      'from app.loader import Loader',
      '',
      '',
      'class Driver:',
      '    def __init__(self, address, loader=None):',
      '        self.loader = loader or Loader()',
      '',
    ].join('\n'),
    'app/bot.py': [
      'from app.driver import Driver',
      '',
      '',
      'async def start(loader):',
      '    Driver("127.0.0.1")',
      '    Driver("127.0.0.1", loader)',
      '',
    ].join('\n'),
  };

  test('the call passing no loader blocks (full severity); the one passing a loader may (one lower); from the cache too', () => {
    const expected = [
      'app/bot.py:5: `Driver()` blocks the event loop (warning)',
      'app/bot.py:6: `Driver()` may block the event loop, when `not (loader)` (information)',
    ];
    for (const run of lintedTwiceWithCache(files, 'app/bot.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.map((finding) => `${where(finding, true)} (${finding.severity})`),
        expected,
      );
  });
});

describe("an `isinstance` test of another module's runtime-checkable protocol, decided by the members of the argument", () => {
  // steam.py's Media: `fp if isinstance(fp, MediaIO) else open(fp, "rb")`, MediaIO a @runtime_checkable Protocol of
  // media.py. An io.BytesIO has its members (no open), a path string has none (the open runs); the protocol's members
  // come from media.py's summary.
  const files = {
    'app/__init__.py': '',
    'app/media.py': [
      'from typing import Protocol, runtime_checkable',
      '',
      '',
      '@runtime_checkable',
      'class MediaIO(Protocol):',
      '    def read(self, size: int = -1, /) -> bytes: ...',
      '',
      '    def seek(self, offset: int, whence: int = 0, /) -> int: ...',
      '',
      '',
      'class Media:',
      '    def __init__(self, fp, *, spoiler=False):',
      '        self.fp = fp if isinstance(fp, MediaIO) else open(fp, "rb")',
      '',
    ].join('\n'),
    'app/models.py': [
      'from io import BytesIO',
      '',
      'from app.media import Media',
      '',
      '',
      'async def send(data: bytes, fp):',
      '    Media(BytesIO(data))',
      '    Media("avatar.png")',
      '    Media(fp)',
      '',
    ].join('\n'),
  };

  test('a buffer passes it (nothing reported), a path does not (it blocks), an unknown argument may; from the cache too', () => {
    const expected = [
      'app/models.py:8: `Media()` blocks the event loop (warning)',
      'app/models.py:9: `Media()` may block the event loop, when `not (isinstance(fp, MediaIO))` (information)',
    ];
    for (const run of lintedTwiceWithCache(files, 'app/models.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.map((finding) => `${where(finding, true)} (${finding.severity})`),
        expected,
      );
  });
});

describe("an argument whose class's constructor, in another module, declares it of classes the helper's test rules out", () => {
  // rio's asset server: `range_requests_response(request, asset.data)` under `if isinstance(asset, BytesAsset):`, whose
  // `__init__` stores `data: bytes | bytearray`; the helper opens the file only for a Path. What BytesAsset declares
  // comes from assets.py's summary, the helper's test from serving.py's.
  const files = {
    'app/__init__.py': '',
    'app/serving.py': [
      'from pathlib import Path',
      '',
      '',
      'def payload_bytes(payload: bytes | bytearray | Path) -> bytes:',
      '    if isinstance(payload, Path):',
      '        with payload.open("rb") as handle:',
      '            return handle.read()',
      '    return bytes(payload)',
      '',
    ].join('\n'),
    'app/assets.py': [
      'from pathlib import Path',
      '',
      '',
      'class Asset:',
      '    pass',
      '',
      '',
      'class BytesAsset(Asset):',
      '    def __init__(self, data: bytes | bytearray):',
      '        super().__init__()',
      '        self.data = data',
      '',
      '',
      'class PathAsset(Asset):',
      '    def __init__(self, path: Path):',
      '        self.path = path',
      '',
    ].join('\n'),
    'app/server.py': [
      'from app import assets, serving',
      '',
      '',
      'async def serve_asset(asset):',
      '    if isinstance(asset, assets.BytesAsset):',
      '        return serving.payload_bytes(asset.data)',
      '    return b""',
      '',
      '',
      'async def serve_file(asset):',
      '    if isinstance(asset, assets.PathAsset):',
      '        return serving.payload_bytes(asset.path)',
      '    return b""',
      '',
    ].join('\n'),
  };

  test('bytes rule the open out, a Path does not; from summaries kept in the cache too', () => {
    const expected = ['app/server.py:12: `serving.payload_bytes()` may block the event loop, when `isinstance(payload, Path)`'];
    for (const run of lintedTwiceWithCache(files, 'app/server.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.map((finding) => where(finding, true)),
        expected,
      );
  });
});

describe('how a string argument starts decides the branch of a helper in another module', () => {
  // langroid's is_plain_text: `requests.get` where its argument starts with `http://` or `https://`, else `open()`; the
  // test of the `if` is no condition (both branches block), but a path written out or the text of a pathlib path rules
  // the download out. The guard and its prefixes come from files.py's summary (the cache's text the second time).
  const files = {
    'app/__init__.py': '',
    'app/files.py': [
      'import requests',
      '',
      '',
      'def sniff(source):',
      '    if isinstance(source, str):',
      '        if source.startswith(("http://", "https://")):',
      '            return requests.get(source).content[:4]',
      '        else:',
      '            with open(source, "rb") as stream:',
      '                return stream.read(4)',
      '    return source[:4]',
      '',
      '',
      'def download(name):',
      '    if name.startswith("https://"):',
      '        return requests.get(name).text',
      '    return None',
      '',
    ].join('\n'),
    'app/test_files.py': [
      'from pathlib import Path',
      '',
      'from app.files import download, sniff',
      '',
      '',
      'async def test_sniff(source):',
      '    here = Path(__file__).parent',
      '    sniff("data/report.pdf")',
      '    sniff((here / "report.pdf").as_posix())',
      '    sniff("https://example.com/report.pdf")',
      '    sniff(source)',
      '    download("plugins/local.py")',
      '    download(source)',
      '',
    ].join('\n'),
  };

  test('a local path rules the download out, a URL takes it, an unknown argument may; from the cache too', () => {
    const expected = [
      'app/test_files.py:10: `sniff()` blocks the event loop',
      'app/test_files.py:11: `sniff()` may block the event loop, when `isinstance(source, str)`',
      'app/test_files.py:13: `download()` may block the event loop, when `name.startswith("https://")`',
    ];
    for (const run of lintedTwiceWithCache(files, 'app/test_files.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.map((finding) => where(finding, true)),
        expected,
      );
  });
});

describe('a `@contextmanager` of another module cleaning up after its yield', () => {
  // gcsfs's tests/utils.tmpfile: the path it yields is removed on exit, with shutil.rmtree where a directory lies there;
  // a `with` body writing a regular file there leaves none. Whether the call runs on exit, and the test of the yielded
  // path, come from utils.py's summary (the cache's text the second time).
  const files = {
    'app/__init__.py': '',
    'app/utils.py': [
      'import contextlib',
      'import os',
      'import shutil',
      'import tempfile',
      'import time',
      '',
      '',
      '@contextlib.contextmanager',
      'def scratch():',
      '    handle, name = tempfile.mkstemp()',
      '    os.close(handle)',
      '    os.remove(name)',
      '    try:',
      '        yield name',
      '    finally:',
      '        if os.path.exists(name):',
      '            if os.path.isdir(name):',
      '                shutil.rmtree(name)',
      '',
      '',
      '@contextlib.contextmanager',
      'def settling():',
      '    yield',
      '    time.sleep(1)',
      '',
    ].join('\n'),
    'app/test_utils.py': [
      'from app.utils import scratch, settling',
      '',
      '',
      'async def test_written(client):',
      '    with scratch() as local:',
      '        with open(local, "wb") as stream:',
      '            stream.write(b"data")',
      '        await client.put(local)',
      '',
      '',
      'async def test_fetched(client):',
      '    with scratch() as target:',
      '        await client.get_tree(target)',
      '    with settling():',
      '        await client.ping()',
      '',
    ].join('\n'),
  };

  test('"leaving" the `with`; a body writing a file there rules the rmtree out; from the cache too', () => {
    const expected = [
      'app/test_utils.py:12: Leaving `with scratch()` may block the event loop, when `os.path.exists(name)` and `os.path.isdir(name)`',
      'app/test_utils.py:14: Leaving `with settling()` blocks the event loop',
    ];
    for (const run of lintedTwiceWithCache(files, 'app/test_utils.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.map((finding) => where(finding, true)),
        expected,
      );
  });
});

describe("the CLI's first look at a call: could its name be a coroutine function's in a module not loaded yet", () => {
  const db = 'async def load():\n    return 1\n\n\nasync \\\n        def continued():\n    return 2\n\n\nasync def 작업():\n    return 3\n';
  const app =
    'import asyncio\n\nimport pkg\nfrom pkg import db\n\n\nasync def main():\n' +
    '    pkg.fetch()\n    db.continued()\n    db.작업()\n    db.load_later()\n    await asyncio.sleep(0)\n';

  test('async def names (split by a line continuation, not ASCII) and names imported as another', () => {
    const root = makeProject({
      'pkg/__init__.py': 'from .db import load as fetch\n',
      'pkg/db.py': db,
      'other/x.py': 'async def elsewhere(): pass\n',
    });
    const names = new AsyncDefNames(new FolderListings());
    names.cover([root], new Set(['pkg']));
    for (const name of ['load', 'continued', '작업', 'fetch']) assert.equal(names.has(name), true, name);
    assert.equal(names.has('load_later'), false);
    assert.equal(names.has('elsewhere'), false, 'a package no lookup goes into');
    names.cover([root], new Set(['pkg', 'other']));
    assert.equal(names.has('elsewhere'), true, 'read when its package joins');
  });

  test('names kept from an earlier run stand for the file (not read), and names read are kept', () => {
    const root = makeProject({ 'pkg/__init__.py': '', 'pkg/db.py': db });
    const kept = new Map<string, readonly string[]>([[path.join(root, 'pkg', '__init__.py'), ['from_the_store']]]);
    const store = {
      namesIn: (file: string) => kept.get(file),
      keepNamesIn: (file: string, names: readonly string[]) => void kept.set(file, names),
    };
    const names = new AsyncDefNames(new FolderListings(), store);
    names.cover([root], new Set(['pkg']));
    assert.equal(names.has('from_the_store'), true);
    assert.deepEqual([...kept.get(path.join(root, 'pkg', 'db.py'))!].sort(), ['continued', 'load', '작업']);
  });

  test('coroutine calls through a re-export, a split async def and a non-ASCII name are still found', () => {
    const root = makeProject({ 'pkg/__init__.py': 'from .db import load as fetch\n', 'pkg/db.py': db, 'app.py': app });
    const result = runCli(['lint', '--output-format', 'json', '.'], root);
    const found = (JSON.parse(result.stdout) as { line: number; code: string }[]).map((item) => `${item.line}:${item.code}`);
    assert.deepEqual(found, ['8:LOOP302', '9:LOOP302', '10:LOOP302']);
  });
});

describe('in another module, a loop body is a condition and a call made on every branch of an `if` is none', () => {
  // yacron's parse_config_string() opens a file only for each `include:` of the document it parses (none for most);
  // vidgear's WebGear_RTC() calls generate_webdata() on both branches of `if custom_data_location:`.
  const files = {
    'app/__init__.py': '',
    'app/config.py': [
      'import json',
      '',
      '',
      'def parse_text(text, path):',
      '    document = json.loads(text)',
      '    for name in document.get("include", ()):',
      '        parse_file(name)',
      '    return document',
      '',
      '',
      'def parse_file(path):',
      '    with open(path) as stream:',
      '        return parse_text(stream.read(), path)',
      '',
    ].join('\n'),
    'app/server.py': [
      'import os',
      '',
      '',
      'def prepare(folder):',
      '    with open(os.path.join(folder, "index.html"), "w") as page:',
      '        page.write("")',
      '',
      '',
      'class Server:',
      '    def __init__(self, folder=None):',
      '        if folder:',
      '            prepare(folder)',
      '        else:',
      '            prepare(os.path.expanduser("~/.server"))',
      '',
    ].join('\n'),
    'app/reports.py': [
      'def names():',
      '    return ["daily.txt"]',
      '',
      '',
      'def read_all():',
      '    return [open(name).read() for name in names()]',
      '',
      '',
      'def collect():',
      '    return read_all()',
      '',
      '',
      'def refresh():',
      '    return collect()',
      '',
    ].join('\n'),
    'app/test_app.py': [
      'from app.config import parse_text',
      'from app.reports import refresh',
      'from app.server import Server',
      '',
      '',
      'async def test_parse():',
      '    parse_text("{}", "app.json")',
      '',
      '',
      'async def test_server():',
      '    Server()',
      '',
      '',
      'async def test_reports():',
      '    refresh()',
      '',
    ].join('\n'),
  };

  test('"may block, when … is not empty" (one severity lower), however deep; "blocks" without the branch test', () => {
    const expected = [
      'app/test_app.py:7: `parse_text()` may block the event loop, when `document.get("include", ())` is not empty (information)',
      'app/test_app.py:11: `Server()` blocks the event loop (warning)',
      // A loop three calls down is followed (an `if` testing no parameter there is not).
      'app/test_app.py:15: `refresh()` may block the event loop, when `names()` is not empty (information)',
    ];
    for (const run of lintedTwiceWithCache(files, 'app/test_app.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.map((finding) => `${where(finding, true)} (${finding.severity})`),
        expected,
      );
  });
});

describe('in another module, a chain only loops hold is shown before one behind a branch', () => {
  // harlequin's debug screen finds the nearest config file (opening a pyproject.toml only to see whether it has a
  // section of ours), then loads every config file it finds: the second chain is the one its test runs.
  const files = {
    'app/__init__.py': '',
    'app/config.py': [
      'import os',
      '',
      '',
      'def nearest():',
      '    for name in os.listdir("."):',
      '        if name == "pyproject.toml":',
      '            with open(name) as stream:',
      '                stream.read()',
      '        return name',
      '',
      '',
      'def load(name):',
      '    with open(name) as stream:',
      '        return stream.read()',
      '',
      '',
      'def load_all(folder):',
      '    return [load(name) for name in os.listdir(folder)]',
      '',
      '',
      'def show_debug(folder):',
      '    nearest()',
      '    return load_all(folder)',
      '',
      '',
      'def show_nearest():',
      '    return nearest()',
      '',
      '',
      'LEGACY = bool(os.environ.get("LEGACY"))',
      '',
      '',
      'def scan(folder):',
      '    if LEGACY:',
      '        open("legacy.cfg").close()',
      '    for name in os.listdir(folder):',
      '        open(name).close()',
      '',
    ].join('\n'),
    'app/test_app.py': [
      'from app.config import scan, show_debug, show_nearest',
      '',
      '',
      'async def test_debug():',
      '    show_debug("config")',
      '    show_nearest()',
      '    scan("config")',
      '',
    ].join('\n'),
  };

  test('the chain through the loop, with its condition; the one behind the branch where it is the only one', () => {
    const expected = [
      'app/test_app.py:5: `show_debug()` may block the event loop, when `os.listdir(folder)` is not empty: show_debug() → load_all() → load() → open()',
      'app/test_app.py:6: `show_nearest()` may block the event loop, when `os.listdir(".")` is not empty and `name == "pyproject.toml"`: show_nearest() → nearest() → open()',
      // Of a function's own blocking calls, its summary keeps the one only loops hold.
      'app/test_app.py:7: `scan()` may block the event loop, when `os.listdir(folder)` is not empty: scan() → open()',
    ];
    for (const run of lintedTwiceWithCache(files, 'app/test_app.py', ['--select', 'LOOP108']))
      assert.deepEqual(
        run.map((finding) => `${finding.file}:${finding.line}: ${finding.message.slice(0, finding.message.indexOf(';'))}`),
        expected,
      );
  });
});
