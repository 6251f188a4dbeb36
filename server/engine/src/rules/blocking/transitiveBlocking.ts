// LOOP108 transitive-blocking: a coroutine calls a plain function — of this file or, when the project
// is indexed, of another module — that, through any number of further plain calls, ends in a blocking call.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { callArguments, functionName, hasAsyncKeyword, parentOutsideParentheses, unparenthesize } from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';
import type { SemanticModel } from '../../analysis/semanticModel';
import type { BlockingLink } from '../../linter/projectView';
import type { RelatedLocation, Rule, RuleContext, RuleSettings } from '../../linter/rule';
import { shortName } from './support/blockingCallRule';
import { callGuard, guardHolds, type ParameterGuard } from '../../ruleSupport/parameterGuard';
import { setsUpSharedObject } from '../../ruleSupport/sharedObjectSetup';
import {
  attributesFromParameters,
  callsOwnMethod,
  forwardedGuard,
  keywordsHandedOn,
  passedParameters,
  sameObjectGuards,
  testsAttribute,
  throughConstructor,
  throughPassedParameter,
  withPassedOn,
  type AttributeFromParameter,
} from '../../ruleSupport/guardForwarding';
import { DIRECT_BLOCKING_RULES } from './support/directBlockingRules';
import { asyncLibraryOf, mayRunOnTwisted, type AsyncLibrary } from '../../ruleSupport/asyncLibrary';
import {
  callsProjectGeneratorFunction,
  isGeneratorFunction,
  isWrappedByDecorator,
  returnsGenerator,
} from '../../ruleSupport/coroutineCalls';
import { blocksOnlyWhen, returnsAtOnce } from '../../ruleSupport/nonBlockingFlags';
import { isBriefSleep } from '../../ruleSupport/briefSleep';
import { isAcceptedBlockingCall } from '../../ruleSupport/acceptedBlockingCalls';
import { isInMemoryFileIo } from '../../ruleSupport/pyodideOnlyCode';
import { isPatchedAt } from '../../ruleSupport/patchedNames';
import { behindEnvironmentSwitch } from '../../ruleSupport/environmentSwitches';
import { skippedUnderPytest } from '../../ruleSupport/pytestSwitches';
import { isTestCode } from '../../ruleSupport/testCode';
import { runsInWorkerThread } from '../../ruleSupport/threadDecorators';
import { handedOnUntouched } from '../../ruleSupport/freshDirectories';
import { callGoesThroughMetaclass } from '../../ruleSupport/metaclassCalls';
import { behindUndefinedName } from '../../ruleSupport/undefinedNameTests';
import { conditionRank } from '../../ruleSupport/chainPreference';
import { makesGeneratorNotRunHere } from '../../ruleSupport/generatorHops';
import { runsAfterYield } from '../../ruleSupport/generatorExits';

/** A hop of the chain; `file` is set for hops in other modules. */
type ChainLink = Pick<BlockingLink, 'label' | 'start' | 'end' | 'onExit' | 'onSameObject'> & {
  readonly file?: string;
  /** The call happens only under this condition of its function (`path.endswith(".json")`), as written there. */
  readonly condition?: string;
  /** That condition as a test of one parameter, when a caller's arguments can decide it. */
  readonly guard?: ParameterGuard;
  /** That condition is only loops' (see BlockingLink.loopsOnly). */
  readonly loopsOnly?: true;
};

/**
 * The chains from a function to a blocking call: the one that always blocks alone, else each that blocks on some path,
 * the one whose conditions are nearest first (see MAX_CONDITION_DEPTH). A caller's arguments may rule out the first
 * (`route_to("db.example.com")` never takes the `if ":" in host:` branch): the next one then shows.
 */
type Chains = readonly (readonly ChainLink[])[];

/**
 * Per model, for calls of production code and of tests apart (they differ on environment switches: see localChain):
 * definition id → the chains from it to a blocking call, or null when it does not block, with the module-level names
 * working them out asked about.
 */
type ChainMemo = Map<number, { readonly chains: Chains | null; readonly names: ReadonlySet<string> }>;
const chainsByModel = new WeakMap<SemanticModel, { readonly production: ChainMemo; readonly tests: ChainMemo }>();

export const transitiveBlocking: Rule = {
  code: 'LOOP108',
  name: 'transitive-blocking',
  summary: 'A coroutine calls a plain function that (through other calls, in any module) makes a blocking call.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  nodeKinds: ['call'],
  check(call, context) {
    const finding = findingAt(call, context.scope, context);
    if (!finding) return;
    // A chain that blocks only on some path that no argument decides reads the same at every call of the function:
    // reported at the first call in the top-level statement, which names the others (a test class calling a clean-up
    // helper 200 times got 200 findings). Calls whose own arguments show the branch is taken stand alone.
    const repeated = finding.condition !== undefined && !finding.decided ? sameFindingCalls(finding, context) : [];
    if (repeated.length > 0 && repeated[0]!.id !== call.id) return;
    const others = repeated.slice(1);
    const related: RelatedLocation[] = [
      ...finding.chain.map((link) => ({
        start: link.start,
        end: link.end,
        message: `calls ${link.label}()`,
        ...(link.file === undefined ? {} : { file: link.file }),
      })),
      ...others.slice(0, MAX_LISTED_REPEATS).map((other) => ({
        start: other.startPosition,
        end: other.endPosition,
        message: `also calls ${finding.shown}()`,
      })),
    ];
    const more =
      others.length === 0
        ? ''
        : ` (so may ${others.length} more call${others.length === 1 ? '' : 's'} of \`${finding.shown}()\` in ${statementLabel(context.statement)}: related locations)`;
    context.report({ node: call, message: finding.message + more, related, lowerSeverity: finding.condition !== undefined });
  },
  doc: {
    whatItDoes:
      'Flags a call, in an async context, to a plain (non-async) function that makes a blocking call (one LOOP101–LOOP107 flag; a call they leave alone, such as a `send` on a socket made non-blocking or in a `try` catching `BlockingIOError`, see LOOP106, or a read of a procfs pseudo-file, or file I/O in code only Pyodide runs, see LOOP104, or a process started and kept running, or spawned with `os.P_NOWAIT`, see LOOP103, is none; a generator, a `@contextmanager` too, hands control back at its `yield` as a coroutine does at its `await`, so one yielding the handle of a process it starts and only signalling it in its `finally` blocks nothing) itself or through further plain functions — in the same file, or in other modules of the project when it is indexed (the language server indexes the workspace; the CLI indexes the files it lints). A `time.sleep` of at most 10 ms written as a literal, outside any loop (Chainlit\'s `Message.__init__` sleeps `0.001` so that timestamps differ), ends no chain: a pause the event loop does not notice (asyncio\'s debug mode calls a callback slow from 100 ms), with nothing worth moving to a thread; LOOP101 still flags one written in the coroutine itself, and a sleep in a loop (a poll) or of a duration not written down is followed. Nor does a blocking call its author accepted, whose line carries a `# noqa` listing the rule that flags it, by our code or name or an equivalent code of another tool (cryptofeed\'s playback helper reading its recording with `open(path)  # noqa: ASYNC230`): a bare `# noqa`, which may be about anything on the line, or one listing only other codes, is no such decision. Calling a generator function (a `@contextmanager` too), of the same file or of another module, runs none of its body, nor does calling a function that only returns what one returns (`return _parse_items(items)`), so such a call is flagged only where a `with` enters it (`with temporary_file():`, `with temporary_file() as f:`), and the message says that entering it blocks and advises an async context manager rather than `asyncio.to_thread`; where the chain starts in what the generator runs after its `yield` (its clean-up, run when the `with` is left: a statement after a yield statement of a block around it, or in the `finally`, an `except` or the `else` of a `try` whose body yields), it says that leaving the `with` blocks. A test in that clean-up of what lies at the path the generator yields (`os.path.exists(path)`, `os.path.isdir(path)`, `path.is_dir()`, every `yield` handing out that one name) is decided by the `with` body: one whose first statement using the `as` name writes a regular file there (`with open(path, "wb") as f:`) and that removes nothing there nor makes a directory (`os.remove(path)`, `os.makedirs(path)`, `Path(path).mkdir()`, or binds the name again) leaves a file, so gcsfs\'s `tmpfile()`, removing with `shutil.rmtree` a directory left at its path, blocks nothing after a body writing the file (a body handing the path to a download that may make a directory there is reported). Further down a chain too, a call of a generator function is followed only where the function making it runs it: enters it in a `with`, iterates it (a `for`, a list, set or dict comprehension, `yield from`, `list()`, `sum()`, `next()`, `"".join()` and other builtins and methods that iterate their argument, also through `enumerate()`, `zip()` or a generator expression itself so run, or the name it is bound to so run: `blocks = read_blocks(path)`, then `for block in blocks:`; through another module\'s summary, a generator of a third module bound to a name is taken to run); one it only hands on (rio\'s `StreamingResponse(send_bytes_range_requests(data, start, end))`, which iterates the generator in its thread pool), keeps or returns runs none of its body there, in one file and across modules. The message shows the whole chain, e.g. `load() → fetch_all() → requests.get()`, and each hop is a related location. Its advice runs the call in a worker thread with the file\'s library (`asyncio.to_thread`, or trio\'s or anyio\'s `to_thread.run_sync`); in a file importing Twisted and not asyncio, whose coroutines Twisted may drive (`ensureDeferred(...)`, `Deferred.fromCoroutine(...)`, where an asyncio future cannot be awaited), it names Twisted\'s `deferToThread` for that case and `asyncio.to_thread` for a coroutine asyncio drives. When every chain found blocks only on some path of a function (inside an `if`, an `elif` or `else` (which also need the tests before them false), a conditional expression, the right side of `and`/`or`, an `except` clause, or a loop body that may run for nothing: a `for` over data (yacron\'s `for include in doc.get("include", ())`, quoted as `` `doc.get("include", ())` is not empty ``), a comprehension\'s element (and `if` clauses), a `while` body under its test; not a `for` over a non-empty literal, a name bound only to one (a module constant), a `range` of numbers written out (or of module constants computed from them) or `enumerate`/`sorted`/`.items()` of those, nor `while True:`, nor a `while` whose test reads a variable the function sets before the loop, a deadline or a counter (`deadline = time.monotonic() + timeout`, then `while time.monotonic() < deadline:`); a loop over a parameter, or a `range()` of one, is a test of it a caller\'s arguments or the default decide, as a truth test would: `retries=3` runs the loop), the message says it may block and when: every condition around the blocking path, outermost first (`not (isinstance(app, Site))` and `not (app)` for the `else` of `if isinstance(app, Site): ... elif app: ...`) (`may block the event loop, when `isinstance(file, Upload)` and `not file.is_photo``), naming the function of each when several functions of the chain have conditions (`when `probe` (in `media_of()`) and …`); the finding is one severity lower than the rule\'s. The test of an `if` with an `else` (or a conditional expression) that makes the call on every branch is no condition: a call of the same function with arguments alike (no literal differing, as `cache=True` and `cache=False` would), or for a blocking call any other that blocks whatever its arguments, each unconditional within its branch (vidgear\'s `WebGear_RTC()` calls `generate_webdata()` both where a custom location is given and in the `else` that picks a default; an `input()` on both branches of `if exists:` blocks); where the call\'s arguments decide that test (see below), the chain named is the one through the branch they take (langroid\'s `is_plain_text` fetches a string starting with `http://` or `https://` with `requests.get`, else opens it: given a path written out or the text of a pathlib path, the chain ends in `open()`). An early return before the blocking call that tests a parameter (`if local_mode: return path.as_uri()`, also `raise`, or `continue`/`break` in a loop) is such a condition too (quoted as `not (local_mode)`), also one in the body of a `with` or `try` statement before the call (PyrateLimiter\'s `with combined_lock(...): ... if _force_async: return ...` before its sync wait after the `with`; a `raise` only out of a `try` without `except` clauses: a context manager may swallow it, as `pytest.raises` does); one whose test is only partly of a parameter (`if not self.pid_file or not os.path.exists(self.pid_file): return`) is not quoted, as one testing no parameter is not, but an argument failing that part still rules the call out. So is a `try` before it that leaves the block when an optional import succeeds (`try: import distro` / `except ModuleNotFoundError: pass` / `else: return distro.id()`, or a `return` in the `try` body after the import), whose `except` clauses catch only ImportError or ModuleNotFoundError and do not leave: the code after it runs only where the import failed, an optional dependency missing (the message says: when the import of `distro` fails). Where one of those conditions tests a parameter of the called function (`isinstance(fp, io.IOBase)`, `isinstance(value, str | Path)`, `cache is None`, a bare `path`, a local copy of a parameter made at the top of the body and not changed before the test (`host = url`, then `if host is None`), or either side of an `and` the branch needs, such as `isinstance(path, str) and path.endswith(".json")`, or of an `or` it needs false: PyrateLimiter\'s sync wait under `not (_force_async or isawaitable(delay))` never runs for `_force_async=True`, whatever the other side is, or whether a string parameter holds some text, `"://" in filename`, or how it starts, `path.startswith(("http://", "https://"))`, which before an early return, most often a check of what is given, `if not uri.startswith("gs://"): raise ValueError(...)`, is not quoted but decides all the same) and the call\'s own argument decides it (`File(io.BytesIO(data))`, `load(path, {})`, a literal, the text of a pathlib path (`path.as_posix()`, `str(path)` or `os.fspath(path)` of a path the code builds, `Path(__file__).parent / "data"`), in which pathlib folds repeated slashes, so that it never holds `://` nor starts with `http://`, a parameter of the calling function annotated with a builtin container or `str` such as `config: dict[str, Any]`, for an `isinstance` test of builtin value classes (`str`, `bytes`, numbers, containers), `pathlib` or `io` classes an argument declared to be only of classes none of which can pass it (a name annotated so, `raw: bytes` where the test asks for a `Path`, or known to be so; an attribute that the `__init__` of its object\'s class stores from a parameter annotated so, `self.data = data` with `data: bytes | bytearray`, where nothing else in the class sets it and neither the class nor a base class of its file binds the name, the class being the one an `isinstance` test around the call names, rio\'s `asset.data` under `if isinstance(asset, BytesAsset):`, or the one the object is known to be, in one file and across modules; an `int` passes where `float` is annotated, a `bytearray` where `bytes` is, and a test of another class, `os.PathLike` or one of the project, is not decided so), a local bound once to a call of a class or `open()`, such as `file = SpooledTemporaryFile()`, or to a call of a function or method of the same file each of whose `return`s gives one (or a literal other than None) and whose body cannot run to its end without one (a test class\'s helper, `config = self.make_config()` returning `Config(...)`), which is never None (and, with the project indexed, an instance of that class and of the classes of the project it derives from, however each was imported: `app = StaticSite(...)` passes `isinstance(app, Site)` for a `StaticSite` deriving from `Site` in another module); a test of a `@runtime_checkable` Protocol of the helper\'s module (`isinstance(fp, MediaIO)`), which asks for the protocol\'s members and not for a class, holds for an `io` object having every member the protocol lists, methods and attributes (steam.py\'s `Media(BytesIO(data))` opens nothing), and fails for a string, bytes or None lacking one, or a parameter of a test or a fixture that receives a pytest fixture whose every `return` (or, for one that yields, every `yield`) is such a call, a local bound to one, or a literal other than None, as mcp-agent\'s `MCPApp(settings=settings_with_otel)` with a fixture returning `Settings(otel=...)`: the fixture pytest finds first, of the test\'s class, its module, or the nearest conftest.py of its folder or one above; not a name a `parametrize` mark may fill, nor a fixture that may return None) or, when the call does not pass it, the parameter\'s default does (a literal, or a module-level name bound to one), nothing is reported when the blocking branch cannot be taken for the arguments given; when they show it is taken, and every condition of the chain is such a test (each condition of the called function tests a parameter and holds for those arguments, and no function further down has one: HAP-python\'s `AccessoryDriver(loop=loop)`, whose `__init__` makes `self.loader = loader or Loader()` with `loader` not passed and None by default), the call blocks: the message says so, without `may`, at the rule\'s severity (such a chain is shown before any other that may block). Keywords a `**` unpacks are read as if written at the call where the file shows the dict whole, and no other keyword is then passed: a dict literal (or `dict(k=v)`) with string keys, written there (`**{"port": 21}`) or bound to the name unpacked by every binding reaching the call, a name used nowhere else but to be read (by key, `.get()`, `in`, an f-string, or unpacked again; not changed, `.update(...)`, nor handed to a function); also the variable of a `for` over a list or tuple literal of such dicts, and `**case["input"]` of a dict holding one (each dict a name may hold is a case of its own: the arguments decide only where they decide alike in every case). So python-zabbix-utils\' `AsyncSender(**ZABBIX_SERVER)`, with `ZABBIX_SERVER = {"server": ..., "port": ...}`, leaves `use_config` False by default and reads no configuration file; any other `**` may pass anything, which decides nothing. The same holds for a test of an attribute that a class\'s `__init__` sets from one of its parameters (`self.log_config = log_config`; a truth test of a flag set from a comparison of one with a string or None, `self.persistent = location != ":memory:"`, is that comparison; or from a keyword it reads out of its `**kwargs`, `self.user = kwargs.get("user")`, also through a local bound once to such a read, a keyword left out taking the fallback of `.get`, None without one; or, so set, by a method of its own it calls at the top of its body, from a parameter it hands that method or from its `**kwargs` handed on whole, as pymilvus\'s `AsyncGrpcHandler` stores `secure` through `_set_authorization(**kwargs)`, False where the caller leaves it out) before calling the method that tests it, or one that method leads to through calls of methods of the same object (`self._create_channel()`, each test of such an attribute along the way needed too; past the first method, only of an attribute the class sets nowhere else, which no method on the way can have changed), or tests in its own body after setting it so as a statement of its own (`self.images = images`, then `if self.images:`; not when set again or under a condition before the test): the arguments of the call of the class decide it (`Config(app)` with the default `log_config={...}` does not read a file). Arguments decide at every hop of a chain in the same file: a helper whose own call rules the branch out (`Config(app, log_config=None)`) does not block through it, and a helper that hands its `**kwargs` on (`Config(app, **kwargs)`, where nothing else reads or changes them) is decided by the keyword arguments its own callers give it, one they do not give taking the default of the function receiving it, in one file and across modules (`Harness()` handing `**settings` to `Site(root, **settings)`, which reads a manifest only when its keyword `bundled`, False by default, is true, does not block). Through other modules too: a module\'s summary keeps what its calls pass where that can decide a guard (None, True/False, builtin containers, `io` objects), so `Photo(path)` in one module, whose constructor in another calls `parse(photo, local_mode=True)`, does not block through the `open` a third module\'s `parse()` makes only when not in local mode. A test of whether a path strictly below a parameter exists (browser-use\'s `FileSystem`: `self.data_dir = self.base_dir / "data"`, then `if self.data_dir.exists(): shutil.rmtree(self.data_dir)`; also `os.path.isdir(os.path.join(root, "cache"))`, through locals and attributes of `self` the function sets from the parameter, where nothing the function does before the test may make that path) is ruled out by an argument that is a directory just made, with nothing below it: pytest\'s `tmp_path` or `tmpdir` given to a test or a fixture, `tempfile.mkdtemp()`, the name of `with tempfile.TemporaryDirectory() as d`, or a path below one (`tmp_path / "workspace"`), where no call between its making and the call is given it (but `mkdir()` of it, or, as it is, a path apart from the one passed: `photo = tmp_path / "photo.png"` beside `tmp_path / "workspace"`) and no loop around the call may run it twice, so `FileSystem(tmp_path)` in a test removes nothing, while `FileSystem(path)` may; also through a helper of the same file handing its parameter on untouched. Such a test before an early return (`if not (dest / ".version").is_file(): return None`) is not quoted, as other tests of the disk there are not; more than one call down the chain it is a condition out of the caller\'s sight (see below). A datagram socket\'s `connect((host, port))` (see LOOP106) blocks only to look `host` up (the socket is recognised from each assignment that may reach the connect: `sock = None` replaced by `sock = socket.socket(family, socket.SOCK_DGRAM)` on the way is not one): where `host` is a parameter of its function, the chain blocks only when `host` is a host name to look up (so the message says), which the call\'s argument or the parameter\'s default decides (a numeric address such as `"8.8.8.8"` rules it out). Likewise where the host is that of the URL a parameter holds (`urlsplit(url).hostname`, `urlparse(url).hostname`, the `.hostname` of a name bound only to such a split, alone or with a numeric fallback, `parts.hostname or FALLBACK_IP`; also as the first item of the tuple a plain function of the same file returns from each `return`, given the parameter, as async_upnp_client\'s `get_local_ip(target_url)` gets it from `_target_url_to_addr(target_url)`): the chain blocks only when the host of `url` is a host name to look up (so the message says), which a URL written out decides (one naming a numeric address, `http://10.0.0.1:8080/`, rules it out; `http://example.com/` shows it taken), as None does (it names no host), unless the function writes something before the URL first (`target_url = "//" + target_url`): then only None decides; a host that is the text of an `ipaddress` address (`str(ip)` with `ip = ipaddress.ip_address(text)`; see LOOP106) is numeric and blocks nowhere, for a lookup (`socket.getaddrinfo(str(target_ip), port)`) as for a datagram `connect`. A parameter handed on unchanged to the next call of the chain (`get_ip(host="8.8.8.8")` calling `_get_ip(host, port)`) carries such a test of it, or any of the tests above, up to the callers of the function handing it on, in one file and across modules. A test that replaces the called function or the blocking call at the end of the chain with a mock where the call runs (`with mock.patch("subprocess.run"):` or `mock.patch.object(subprocess, "run")` around it, `@mock.patch("builtins.open")` on the test or its class, an earlier `monkeypatch.setattr(...)` or `mocker.patch(...)` in the test; also `pkg.mod.subprocess.run`, the name as another module sees it) runs no blocking call: nothing is reported. Nor where an HTTP mocking library answers the client of the chain\'s HTTP call (`async with respx.mock:` around a helper calling `httpx.get`, `@responses.activate` for `requests`; see LOOP102). Nor is a call followed behind a test reading a name its module binds nowhere (neither assigned, imported nor declared, nor a builtin; not where a wildcard import, `globals()`, `vars()`, `exec`, `builtins` or `sys.modules` may bind one unseen), whenever the test runs (alone, under `not`, on the left of `and`/`or`, first in a comparison): `if LAUNCH_BROKER:` around the call, or before it with a `return`, raises NameError before the call can run. A lazy singleton\'s set-up is not followed from its accessor\'s callers: what runs in the branch making a class\'s or module\'s shared object the first time it is asked for (`if cls._instance is None: cls._instance = Application()`, or a `global` name tested and set the same way, or a cache of one value for each key, `if gen not in cls._per_gen: cls._per_gen[gen] = GenData(gen)`, made once per key as `functools.cache` makes it; also a module-level name or class attribute the branch fills in place, `_config.update(...)`, `_config[key] = ...`, `.append(...)`, or through a function of the same module it calls that sets or fills it, as Prefect\'s `if not PROCESS_LOGGING_CONFIG: setup_logging()`) runs once per process, typically at start-up, and later callers find the object made (one made per object, `if self._session is None: ...`, is followed; set-up written in the coroutine itself is reported). Nor is calling a class followed into its `__init__` where a metaclass of the class, or of a class it derives from (`metaclass=M`, M a class of the same file or, with the project indexed, of another module), defines `__call__`, itself or through a metaclass it derives from: the call runs that `__call__`, which may not run `__init__` at all (spotDL\'s `Singleton` hands out the instance its `init()` made, or raises until then; the classic singleton\'s runs `__init__` on the first call only); a metaclass without a `__call__` of its own (`abc.ABCMeta`, one with only `__new__`) changes nothing, nor does a library\'s metaclass, whose code is not read. Nor is a memoized function followed: one that returns early what it keeps in a module global (or class attribute) it also sets (`global _build_id; if _build_id: return _build_id` then `_build_id = ...`, or through a function of the same module that sets it, as mcp-agent\'s `_set_and_warn_global_settings(settings)`; also with a flag beside the test, `if memoize and _build_id:`, or around it, `if set_global:` with `set_global=True` by default: the flag only lets a caller turn the cache off), or in an environment variable it also stores (`if style := os.environ.get("APP_STYLE"): return style`, then `os.environ["APP_STYLE"] = ...` there or in a function of the same module it calls), or one decorated `@functools.cache` or `@functools.lru_cache` (also toolz\'s `@memoize`, as dask\'s `has_ipv6`, and cachetools\' size-bounded caches, not its `ttl_cache`; not `maxsize=0`, which keeps nothing, nor on an instance\'s method, which caches per object): what it computes blocks at most once (per argument, for a cache), at first use, a one-time cost like an import\'s, not one of every call. A function whose decorator starts it in a worker thread (a decorator call passing `thread=True`, as Textual\'s `@work(thread=True)`; aiomisc\'s `@threaded` family; asgiref\'s `@sync_to_async`, also with arguments, and Channels\' `@database_sync_to_async`; a decorator of the project that hands the function to a thread, as mitmproxy\'s `@concurrent`, also as a `functools.partial` the executor calls, `partial(asyncio.run, wrapper())` of a nested coroutine function awaiting it, as hatchet\'s `@sync_to_async`) or makes it a task graph\'s node (`@dask.delayed`) returns at once when called and is not followed. Nor is a plain function whose result the coroutine uses as an awaitable (`await run_deployment(...)`, or a name bound to it once and awaited, `async with`, `async for`, `asyncio.create_task(...)`) when a decorator wraps it, any but those known to keep a function as it is (`staticmethod`, `classmethod`, `abc.abstractmethod`, `functools.wraps`, `typing.override`, `typing.final`): a plain function\'s call gives an awaitable only if its decorator makes it so, as Prefect\'s `@async_dispatch(arun_deployment)` does by calling the async implementation instead in an async context, so the body read is not what runs; in one file and across modules. An undecorated function whose result is awaited is followed: its body runs up to its `return`. From a test, nor is a call made only when the process environment sets a variable (a deployment switch such as DBOS\'s `if os.environ.get("DBOS__CLOUD") == "true":`, which only its hosting runtime sets): a test of `os.environ.get(name)` or `os.getenv(name)` (with no default, or a string literal one) for truth, `is None`, or against string literals (`== "true"`, `in ("1", "yes")`, also after `.lower()`), or of `name in os.environ`, alone, under `not` or within an `and`, that is false where the variable is unset, around the call or in an early return before it; the test can neither see nor decide it, and where tests run the switch is off unless they turn it on. From production code, which may run where the switch is on, such a condition is quoted like any other in one file; through another module\'s summary, which cannot tell who calls, the call is not followed from any caller. Likewise, from a test, a call skipped where pytest is loaded is not followed: one under a condition false there, around it or in an early return before it (graphiti\'s `capture_event()` returns first thing when `not is_telemetry_enabled()`, and `is_telemetry_enabled()` returns False when `"pytest" in sys.modules`: usage reports are off during test runs), written out (`"pytest" in sys.modules`, under `not`, in an `and` or `or` it decides) or as a call of a plain function of the same file whose first statement answers it (`if "pytest" in sys.modules: return False`, or `return "pytest" in sys.modules`); in one file and across modules. Production code runs without pytest: there the call is followed as if the test were not written (a test around the call is quoted as any other condition). Where the variable\'s absence takes the branch (`if os.getenv("OFFLINE") != "1":`), where it is read as `os.environ[name]` (required: its value is unknown, not unset), or where the module holding the test sets the variable itself (`os.environ["NAME"] = ...`, `os.environ.setdefault`, `os.putenv`, `monkeypatch.setenv`, `os.environ.update({...})`, `mock.patch.dict(os.environ, {...})`; settings in other files are not looked for), the chain is followed as before. A condition more than one call down the chain (in a function the called one does not call itself) that tests no parameter of its function, other than a loop\'s (harlequin\'s config reader opening each file it finds), is not followed: the chain is not reported, since whatever decides it (a setting, an item of a list the chain builds) is out of the caller\'s sight and reach, and large code has many such paths (a server\'s constructor reaching a plugin download when a configured name is a URL); of two chains, one that blocks on every path is shown, else one only loops hold (harlequin\'s debug screen loading each config file it finds, rather than its lookup of the nearest one, which reads a `pyproject.toml` only to see whether it has a section of theirs), else the one whose conditions are nearer the call, and where the call\'s own arguments rule out its branch, the next one (`export_log("exports.log")` of a function opening a default file when `target is None` and `target` otherwise blocks through the second `open`). A test of a parameter around a call that hands another parameter on to a function testing it further down needs both (`if ":" not in host: return local_address(host, ...)`): arguments failing either rule the chain out; tests no arguments can all pass (qdrant-client\'s `AsyncQdrantClient` makes its local store only `if location == ":memory:"`, whose constructor opens files only where `location != ":memory:"`) rule it out for every call, and the next chain shows. A chain that blocks only on some path the call\'s own arguments do not decide (`if os.path.isdir(name): shutil.rmtree(name)`, or a test of a parameter the caller passes a variable for) reads the same at every such call of the function: it is reported at the first such call in each top-level statement (a class, a function), with the number of the others and each as a related location, rather than at every call; a call whose arguments show the branch is taken (`read_cached(path, None)`) is a finding of its own.',
    whyIsThisBad:
      'Moving `requests.get` into a helper, or into another module, does not stop it blocking the event loop; it only hides it from linters that look at one function at a time.',
    example:
      'import requests\n\ndef fetch_all(urls):\n    return [requests.get(u).json() for u in urls]\n\nasync def refresh(urls):\n    return fetch_all(urls)',
    useInstead:
      'import asyncio\nimport requests\n\ndef fetch_all(urls):\n    return [requests.get(u).json() for u in urls]\n\nasync def refresh(urls):\n    return await asyncio.to_thread(fetch_all, urls)',
  },
};

/**
 * How far down a chain (0: in the called function, 1: in a function it calls) a condition that tests no parameter of
 * its function may be for the chain to be reported. On real projects, chains with a condition deeper were wrong 28 times out of 28
 * judged (dask's Worker() → process_preloads() → Preload(), `when is_webaddress(name)`, ~360 findings);
 * those one call down were right about as often as not (asyncssh's load_keypairs() reading key files). A loop's
 * condition (a body that runs for nothing where a list is empty) is no such branch: a deep loop is followed.
 */
const MAX_CONDITION_DEPTH = 2;

/** The index of the chain's last hop that runs under a condition (undefined when none does). */
function deepestCondition(chain: readonly ChainLink[]): number | undefined {
  const index = chain.findLastIndex((link) => link.condition !== undefined);
  return index < 0 ? undefined : index;
}

/**
 * Whether a hop's guard is a test of a parameter of its own function that the arguments of its call decide. Not a test
 * of the text a string holds (`":" in strategy_name`, `name.startswith("http")`): only a literal decides it, and down
 * a chain the string is nearly always a setting read somewhere (freqtrade's tests reaching a strategy file's `open()`
 * when a configured name has a colon), as out of the caller's sight as a condition testing no parameter. Nor a loop's
 * (`for root in root_dirs:`), whose body runs on the main path: a branch inside it that tests nothing the caller sees is
 * out of sight all the same (voila's template lookup opening each `conf.json` that exists); a hop under loops alone is
 * loopsOnly.
 */
function testsOwnParameter(guard: ParameterGuard | undefined): boolean {
  return (
    guard !== undefined &&
    !guard.passedOn &&
    !guard.loop &&
    guard.test !== 'subpathExists' &&
    guard.test !== 'contains' &&
    guard.test !== 'startsWith' &&
    guard.test !== 'pathIs'
  );
}

/** The most repeated calls a finding lists as related locations (it counts them all). */
const MAX_LISTED_REPEATS = 50;

interface Finding {
  readonly chain: readonly ChainLink[];
  /** The first hop's guard: set where arguments may decide the chain. */
  readonly guard?: ParameterGuard;
  /** This call's own arguments show the guarded branch is taken (then the call is its own finding). */
  readonly decided: boolean;
  /** When the chain blocks, if only on every path unless
   * arguments rule it out (see onEveryPathUnlessRuledOut), then each that blocks on some path. */
  readonly condition?: string;
  /** The callee as written. */
  readonly shown: string;
  readonly message: string;
}

/** What LOOP108 finds at `call` (in `scope`, an async context), if anything. */
function findingAt(call: SyntaxNode, scope: Scope, context: RuleContext): Finding | undefined {
  if (!scope.isAsyncContext) return undefined;
  // Calling a generator function (a `@contextmanager` too) runs none of its body: only entering
  // it in a `with` (or iterating it) does, and only `with` is reported, saying so. Another module's function is
  // asked about only once its chain is found (the CLI keeps each question with the file's cached lint).
  // (A node's parent is found by walking down from the root: `with` is looked for only where it matters.)
  const definition = context.model.calleeDefinition(call, scope);
  const localGenerator = definition !== undefined && isGeneratorFunction(definition, context.model);
  if (localGenerator && !enteredByWith(call)) return undefined;
  const chains = chainFromCall(call, scope, context, new Set(), isTestCode(scope, context));
  // The first hop runs in the called function: its arguments here may rule that branch out, and the next chain shows;
  // or show that one always blocks, which then shows (see takenHere) wherever the others would come.
  const found = chains && (chainTakenHere(chains, call, scope, context) ?? firstNotRuledOut(chains, call, scope, context));
  if (!found) return undefined;
  const generator =
    localGenerator || (definition === undefined && callsProjectGeneratorFunction(call, scope, context.model, context.project));
  const entered = generator && enteredByWith(call);
  if (generator && !entered) return undefined;
  // A plain function whose result is awaited (or used as an awaitable otherwise) returns an awaitable: where a decorator
  // (one not known to keep the function as it is) wraps it, that decorator evidently makes the call return one, as
  // Prefect's `@async_dispatch(arun_deployment)` does by calling the async implementation instead in a coroutine, so
  // the body read here is not what runs. An undecorated one's body runs up to its return: followed.
  if (!generator && consumedAsynchronously(call, scope, context.model) && isWrappedFunction(call, scope, definition, context))
    return undefined;
  // A test that replaced the function called, or the blocking call at the end, with a mock (`with
  // mock.patch("subprocess.run"):` around the call) runs no blocking call.
  const leaf = found.chain.at(-1)!.label;
  const called = context.model.calleeName(call, scope);
  const patchable = [leaf.includes('.') ? leaf : `builtins.${leaf}`, ...(called === undefined ? [] : [called])];
  if (isPatchedAt(call, patchable, scope, context.model)) return undefined;
  // A coroutine only Pyodide runs does its file I/O in memory, wherever the chain does it (see pyodideOnlyCode.ts).
  const leafRule = DIRECT_BLOCKING_RULES.find((rule) => rule.matchBlockingCall(patchable[0]!, context.settings));
  if (leafRule && isInMemoryFileIo(leafRule, scope, context.model)) return undefined;
  // A coroutine a decorator runs in a worker thread (`@concurrent`) blocks no caller's loop.
  const runningIn = scope.functionScope?.node;
  if (runningIn && runsInWorkerThread(runningIn, context.model, context.project)) return undefined;
  const guard = found.chain[0]?.guard;
  const holds = guard && guardHolds(guard, call, context.model, scope, context.project);
  // A path that blocks only under a condition further down than the functions the called one calls, one that tests no
  // parameter there, is one of the many conditional paths large code has (a server's constructor reaching a plugin
  // download when a setting names a URL): what decides it is out of the caller's sight and reach.
  // (A test further down of a parameter the function hands on is not one of its own conditions. Nor is one of what
  // lies on disk below a parameter: only a directory just made decides it, and whatever else is there is out of sight.)
  // (Nor is a loop's: a helper working through a list it is given or builds runs its body on its main path, as
  // harlequin's config reader opening each config file it finds.)
  if (
    found.chain.some(
      (link, index) => index >= MAX_CONDITION_DEPTH && link.condition !== undefined && !link.loopsOnly && !testsOwnParameter(link.guard),
    )
  )
    return undefined;
  const names = [found.name, ...found.chain.map((link) => link.label)];
  const path = names.map((label) => `${label}()`).join(' → ');
  const shown = context.model.calleeText(call);
  // A chain starting in the generator's clean-up, after its yield, blocks when the `with` is left.
  const leaving = entered && found.chain[0]?.onExit === true;
  const offload = leaving
    ? 'make it an async context manager (`@contextlib.asynccontextmanager`) that runs that clean-up in a thread'
    : entered
      ? 'make it an async context manager (`@contextlib.asynccontextmanager`) that runs that work in a thread, or do it before the coroutine starts'
      : mayRunOnTwisted(context)
        ? `run it in a worker thread (\`await deferToThread(${shown}, ...)\` of \`twisted.internet.threads\` where Twisted drives the coroutine, \`${offloadCall('asyncio', shown)}\` where asyncio does) or make the chain async`
        : `run it with \`${offloadCall(asyncLibraryOf(context), shown)}\` or make the chain async`;
  const subject = leaving ? `Leaving \`with ${shown}()\`` : entered ? `Entering \`with ${shown}()\`` : `\`${shown}()\``;
  // A chain that blocks only on some path says when (in each function of the chain that has a condition), one
  // severity lower; unless the call's arguments show that path is taken: every condition of the called function tests
  // a parameter and holds for them (`self.loader = loader or Loader()`, `loader` not passed and None by default), and
  // no function further down has one.
  const condition = holds === true && takenHere(found.chain) ? undefined : chainCondition(found.chain, names);
  const message =
    condition === undefined
      ? `${subject} blocks the event loop: ${path}; ${offload}`
      : `${subject} may block the event loop, when ${condition}: ${path}; if that happens here, ${offload}`;
  return {
    chain: found.chain,
    ...(guard ? { guard } : {}),
    decided: holds === true,
    ...(condition === undefined ? {} : { condition }),
    shown,
    message,
  };
}

/**
 * When the chain blocks, if only on some path: the conditions of its hops (link `i` is a call in `names[i]`), each
 * hop's named when more than one has conditions: `` `a` (in `load()`) and `not (b)` (in `read()`) ``.
 */
function chainCondition(chain: readonly ChainLink[], names: readonly string[]): string | undefined {
  const conditional = chain.flatMap((link, i) => (link.condition === undefined ? [] : [{ condition: link.condition, where: names[i]! }]));
  if (conditional.length <= 1) return conditional[0]?.condition;
  return conditional.map(({ condition, where }) => `${condition} (in \`${where}()\`)`).join(' and ');
}

/**
 * Per model, per top-level statement: its calls with a finding no argument decides, by message, in source order. (A
 * statement's node may be the same object in the next lint, moved, and its findings may be others then.)
 */
const repeatsByModel = new WeakMap<SemanticModel, WeakMap<SyntaxNode, Map<string, SyntaxNode[]>>>();

/** The calls in the current top-level statement with the same finding as `finding` (none when it is its own). */
function sameFindingCalls(finding: Finding, context: RuleContext): readonly SyntaxNode[] {
  let repeatsByStatement = repeatsByModel.get(context.model);
  if (!repeatsByStatement) repeatsByModel.set(context.model, (repeatsByStatement = new WeakMap()));
  let repeats = repeatsByStatement.get(context.statement);
  if (!repeats) {
    repeats = new Map();
    for (const call of context.statement.descendantsOfType('call')) {
      const found = findingAt(call, context.model.scopeOf(call), context);
      if (found?.condition === undefined || found.decided) continue;
      const calls = repeats.get(found.message);
      if (calls) calls.push(call);
      else repeats.set(found.message, [call]);
    }
    repeatsByStatement.set(context.statement, repeats);
  }
  return repeats.get(finding.message) ?? [];
}

/** `class Tests`, `function main`, or `this statement`: where the repeated calls are. */
function statementLabel(statement: SyntaxNode): string {
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  const name = definition?.childForFieldName('name')?.text;
  if (name !== undefined && definition?.type === 'class_definition') return `\`class ${name}\``;
  if (name !== undefined && definition?.type === 'function_definition') return `\`${name}()\``;
  return 'this statement';
}

/** The called function's name and its chains to a blocking call, if the call reaches one through plain functions. */
function chainFromCall(
  call: SyntaxNode,
  scope: Scope,
  context: Pick<RuleContext, 'model' | 'settings' | 'project'>,
  visiting: Set<number>,
  fromTest: boolean,
): { name: string; chains: Chains } | undefined {
  const definition = context.model.calleeDefinition(call, scope);
  if (definition) {
    const chains = localChains(definition, context, visiting, fromTest);
    return chains ? { name: functionName(definition), chains } : undefined;
  }
  const project = context.project;
  const name = project && context.model.calleeName(call, scope);
  if (!project || name === undefined || name.startsWith('builtins.')) return undefined;
  // Another module's summary keeps one chain per function (see ModuleSummary.blockingCall).
  const chain = project.blockingChain(project.absoluteName(name), fromTest);
  return chain ? { name: name.slice(name.lastIndexOf('.') + 1), chains: [chain] } : undefined;
}

/**
 * Whether a chain blocks wherever its first hop's guard holds: every condition of the called function tests a
 * parameter (the guard is complete), and no function further down has one.
 */
function takenHere(chain: readonly ChainLink[]): boolean {
  const [first, ...further] = chain;
  return first?.condition !== undefined && first.guard?.complete === true && further.every((link) => link.condition === undefined);
}

/**
 * Of a called function's chains (several only in one file), the first this call's own arguments show always blocks
 * (see takenHere): it blocks as surely as one with no condition would, and goes before any that may block.
 */
function chainTakenHere(
  { name, chains }: { name: string; chains: Chains },
  call: SyntaxNode,
  scope: Scope,
  { model, project }: Pick<RuleContext, 'model' | 'project'>,
): { name: string; chain: readonly ChainLink[] } | undefined {
  if (chains.length < 2) return undefined;
  const chain = chains.find((candidate) => takenHere(candidate) && guardHolds(candidate[0]!.guard!, call, model, scope, project) === true);
  return chain && { name, chain };
}

/** Of a called function's chains, the first whose branch this call's own arguments do not rule out. */
function firstNotRuledOut(
  { name, chains }: { name: string; chains: Chains },
  call: SyntaxNode,
  scope: Scope,
  { model, project }: Pick<RuleContext, 'model' | 'project'>,
): { name: string; chain: readonly ChainLink[] } | undefined {
  const chain = chains.find((candidate) => {
    const guard = candidate[0]?.guard;
    return guard === undefined || guardHolds(guard, call, model, scope, project) !== false;
  });
  return chain && { name, chain };
}

function localChains(
  definition: SyntaxNode,
  context: Pick<RuleContext, 'model' | 'settings' | 'project'>,
  visiting: Set<number>,
  fromTest: boolean,
): Chains | null {
  const { model } = context;
  let memo = chainsByModel.get(model);
  if (!memo) chainsByModel.set(model, (memo = { production: new Map(), tests: new Map() }));
  const memoChains = fromTest ? memo.tests : memo.production;
  const known = memoChains.get(definition.id);
  if (known !== undefined) {
    // A statement whose finding comes from chains worked out for another depends on what they asked about too (the
    // helper a constructor calls: deleting its `def` changes the chains of every caller of the class).
    for (const name of known.names) model.recordDependency(name);
    return known.chains;
  }
  // Chains are followed through at most 32 functions: generated code can nest thousands. (Not kept: what is found
  // depends on the path there.)
  if (visiting.has(definition.id) || visiting.size >= 32) return null;
  visiting.add(definition.id);
  const { value, names } = model.dependenciesOf(() => chainsOf(definition, context, visiting, fromTest));
  visiting.delete(definition.id);
  memoChains.set(definition.id, { chains: value, names });
  return value;
}

/** The chains from a function's body to a blocking call (see Chains), or null when it does not block. */
function chainsOf(
  definition: SyntaxNode,
  context: Pick<RuleContext, 'model' | 'settings' | 'project'>,
  visiting: Set<number>,
  fromTest: boolean,
): Chains | null {
  const { model, settings } = context;
  // A function a decorator runs in a worker thread (`@threaded`, `@sync_to_async`) returns an awaitable at once: its
  // body blocks no caller's loop.
  if (runsInWorkerThread(definition, model, context.project)) return null;
  const body = plainFunctionScope(definition, context);
  if (!body) return null;
  // What a lazy singleton's first call makes, or a memoized function computes, runs once for every caller: not followed
  // (see sharedObjectSetup.ts). Nor are calls in a branch that never runs (`if _IS_SYNC:` with `_IS_SYNC = False`: see
  // unreachableBranches.ts), nor, from a test, those made only when the process environment sets a variable nothing
  // here sets (a deployment switch, `if os.environ.get("CLOUD") == "true":`, off where tests run unless they turn it on:
  // see environmentSwitches.ts), nor those skipped where pytest is loaded (`if "pytest" in sys.modules: return`: see
  // pytestSwitches.ts). Production code may run where the switch is on: there it is a condition like others.
  // Nor `return gen(...)`, which only hands the caller a generator to iterate (see returnsGenerator). Nor a call behind
  // a test reading a name bound nowhere, which raises NameError first (see undefinedNameTests.ts).
  const calls = callsIn(body).filter(
    ({ call, scope }) =>
      !setsUpSharedObject(call, body, model) &&
      !model.isUnreachable(call) &&
      !behindUndefinedName(call, body.node, model, scope) &&
      !(fromTest && (behindEnvironmentSwitch(call, body.node, model, scope) || skippedUnderPytest(call, body.node, model, scope))) &&
      !returnsGenerator(call, scope, model, context.project),
  );
  const unconditional = (chain: readonly ChainLink[]): boolean => chain.every((link) => link.condition === undefined);
  // What a constructor sets from its parameters: tests of those attributes in the methods it calls are tests of them.
  let assigned: readonly AttributeFromParameter[] | undefined;
  const constructorGuard = (call: SyntaxNode, next: readonly ChainLink[]): ParameterGuard | undefined => {
    if (functionName(body.node) !== '__init__' || !callsOwnMethod(call, body.node)) return undefined;
    const guards = sameObjectGuards(next);
    if (!guards.some(testsAttribute)) return undefined;
    assigned ??= attributesFromParameters(body.node, model);
    return throughConstructor(guards, assigned, call.startPosition);
  };
  // A chain that always blocks is the one to show; else those that block on some path.
  let result: (readonly ChainLink[])[] = directBlockingLinks(calls, model, settings, body.node);
  if (!result.some(unconditional)) {
    // Chains on every path that arguments may still rule out (see onEveryPathUnlessRuledOut), first.
    const guarded: (readonly ChainLink[])[] = [];
    for (const { call, scope } of calls) {
      const chains = chainFromCall(call, scope, context, visiting, fromTest);
      // This call's own arguments may rule out the branch a chain blocks in.
      const next = chains && firstNotRuledOut(chains, call, scope, context);
      if (!next) continue;
      // Calling a generator function runs none of its body, here as in the coroutine: a hop into one is followed only
      // where this function enters or iterates the generator (see generatorHops.ts).
      if (makesGeneratorNotRunHere(call, scope, model, context.project)) continue;
      const nextGuard = next.chain[0]?.guard;
      const where = callGuard(call, body.node, model, scope);
      // A test further down of a parameter this call hands on as it came (by name, or in `**kwargs`) is decided by
      // the arguments of this function's callers, with this function's own test of a parameter (if any) around the call.
      const own = where.condition === undefined ? (where.guard ?? constructorGuard(call, next.chain)) : where.guard;
      const passed = throughPassedParameter(nextGuard, passedParameters(call, scope, body.node, model), (parameter) =>
        handedOnUntouched(call, parameter, body.node, model),
      );
      const guard = withPassedOn(withPassedOn(own, passed), forwardedGuard(nextGuard, keywordsHandedOn(call, body.node)));
      const chain = [
        {
          label: next.name,
          start: call.startPosition,
          end: call.endPosition,
          ...where,
          ...(guard === undefined ? {} : { guard }),
          ...onExit(call, body.node, model),
          ...(callsOwnMethod(call, body.node) ? { onSameObject: true as const } : {}),
        },
        ...next.chain,
      ];
      if (onEveryPathUnlessRuledOut(chain)) {
        if (guarded.length < MAX_CHAINS) guarded.push(chain);
        continue;
      }
      if (unconditional(chain)) {
        result = [...guarded, chain];
        guarded.length = 0;
        break;
      }
      if (result.length < MAX_CHAINS) result.push(chain);
    }
    result = [...guarded, ...result];
  }
  // Of the chains that block on some path, those only loops hold first (see conditionRank), then the one whose
  // conditions are nearest (see MAX_CONDITION_DEPTH); the sort keeps source order among equals, and the blocking calls
  // of the function itself come first.
  result.sort((one, other) => conditionRank(one) - conditionRank(other) || (deepestCondition(one) ?? 0) - (deepestCondition(other) ?? 0));
  return result.length > 0 ? result : null;
}

/** The most chains kept of one function that block on some path each. */
const MAX_CHAINS = 8;

/**
 * Whether a chain blocks on every path its functions take, but for tests a caller's arguments may decide that no
 * message quotes: the test of an `if` making a call alike on every branch (`requests.get(source)` where `source`
 * starts with `http://`, else `open(source)`), which says which branch's call runs, or what lies on disk below a path.
 * The chains through the other calls are kept after it, for a call whose arguments rule it out.
 */
function onEveryPathUnlessRuledOut(chain: readonly ChainLink[]): boolean {
  return chain[0]?.guard !== undefined && chain.every((link) => link.condition === undefined);
}

/**
 * The function's own blocking calls: the first that always blocks alone, else each that blocks on some path.
 */
function directBlockingLinks(
  calls: { call: SyntaxNode; scope: Scope }[],
  model: SemanticModel,
  settings: RuleSettings,
  functionNode: SyntaxNode,
): ChainLink[][] {
  const conditional: ChainLink[][] = [];
  // Those blocking on every path unless arguments rule them out (see onEveryPathUnlessRuledOut), first.
  const guarded: ChainLink[][] = [];
  for (const { call, scope } of calls) {
    const name = blockingCallName(call, scope, model, settings);
    if (name !== undefined) {
      // A blocking call on every other branch of an `if` around it (one blocking whatever its arguments) blocks as well.
      const alike = (other: SyntaxNode, otherScope: Scope): boolean => {
        const called = blockingCallName(other, otherScope, model, settings);
        return called !== undefined && blocksOnlyWhen(called, other, otherScope, model) === undefined;
      };
      const where = callGuard(call, functionNode, model, scope, blocksOnlyWhen(name, call, scope, model), alike);
      // (Unconditional, but for an early return that only a directory just made takes: see callGuard.)
      const link = {
        label: shortName(name),
        start: call.startPosition,
        end: call.endPosition,
        ...where,
        ...onExit(call, functionNode, model),
      };
      if (where.condition === undefined && where.guard === undefined) return [...guarded, [link]];
      if (where.condition === undefined) {
        if (guarded.length < MAX_CHAINS) guarded.push([link]);
      } else if (conditional.length < MAX_CHAINS) conditional.push([link]);
    }
  }
  return [...guarded, ...conditional];
}

/** `{ onExit: true }` for a call a generator makes after its yield: a `@contextmanager`'s clean-up (see generatorExits). */
function onExit(call: SyntaxNode, functionNode: SyntaxNode, model: SemanticModel): { onExit?: true } {
  return runsAfterYield(call, functionNode, model) ? { onExit: true } : {};
}

/** The name of what `call` calls, where a blocking-call rule flags it. */
function blockingCallName(call: SyntaxNode, scope: Scope, model: SemanticModel, settings: RuleSettings): string | undefined {
  const name = model.calleeName(call, scope);
  const rule = name === undefined ? undefined : DIRECT_BLOCKING_RULES.find((rule) => rule.matchBlockingCall(name, settings));
  // A sleep of a few milliseconds (`time.sleep(0.001)` to make timestamps differ) ends no chain: a pause the loop does
  // not notice, and the coroutine calling a helper that makes it has nothing to move to a thread. (LOOP101 still
  // flags one written in a coroutine, where the fix is one word.) Nor does a call its author accepted blocking, nor file
  // I/O only Pyodide runs, in memory (see pyodideOnlyCode.ts).
  return name !== undefined &&
    rule !== undefined &&
    !returnsAtOnce(name, call, scope, model) &&
    !isBriefSleep(name, call) &&
    !isAcceptedBlockingCall(call, rule) &&
    !isInMemoryFileIo(rule, scope, model)
    ? name
    : undefined;
}

/**
 * The scope whose code runs when `definition` is called: a sync function's body, or a class's `__init__`; not where a
 * metaclass's `__call__` runs instead (a `Singleton` handing out the instance made once), which may not run `__init__`.
 */
function plainFunctionScope(definition: SyntaxNode, context: Pick<RuleContext, 'model' | 'project'>): Scope | undefined {
  const { model } = context;
  if (definition.type === 'class_definition') {
    if (callGoesThroughMetaclass(definition, context)) return undefined;
    const init = model.scopeOfDefinition(definition)?.bindingAt('__init__', Number.POSITIVE_INFINITY)?.definition;
    return init ? plainFunctionScope(init, context) : undefined;
  }
  if (definition.type !== 'function_definition' || hasAsyncKeyword(definition) || runsLater(definition, model)) return undefined;
  return model.scopeOfDefinition(definition);
}

/** Decorators whose function, when called, returns something that runs the body later (a task graph's node). */
const DEFERRING_DECORATORS: ReadonlySet<string> = new Set(['dask.delayed', 'dask.delayed.delayed']);

/**
 * Whether a decorator makes calling the function run its body elsewhere or later: a decorator call passing
 * `thread=True` (Textual's `@work(thread=True)` starts a worker thread), or `@dask.delayed` (the call builds a task
 * graph's node, which workers run). The call returns at once; the body blocks only where it runs.
 */
function runsLater(definition: SyntaxNode, model: SemanticModel): boolean {
  const holder = definition.parent;
  if (holder?.type !== 'decorated_definition') return false;
  return holder.namedChildren.some((decorator) => {
    const expression = decorator.type === 'decorator' ? decorator.firstNamedChild : null;
    if (expression?.type === 'call') return callArguments(expression).keywords.get('thread')?.type === 'true';
    if (expression?.type !== 'identifier' && expression?.type !== 'attribute') return false;
    const name = model.qualifiedName(expression, model.scopeOf(expression));
    return name !== undefined && DEFERRING_DECORATORS.has(name);
  });
}

/** Whether a `with` enters what `call` returns: `with cm():`, `with cm() as handle:`. */
function enteredByWith(call: SyntaxNode): boolean {
  const parent = call.parent;
  const item = parent?.type === 'as_pattern' && parent.firstNamedChild?.id === call.id ? parent.parent : parent;
  return item?.type === 'with_item';
}

/** Calls that run an awaitable they are given (by their last name): `asyncio.create_task(f())`, `loop.run_until_complete(f())`. */
const AWAITABLE_RUNNERS: ReadonlySet<string> = new Set([
  'create_task',
  'ensure_future',
  'gather',
  'wait_for',
  'shield',
  'run_until_complete',
  'run_coroutine_threadsafe',
]);

/**
 * Whether what `call` returns is used as an awaitable: awaited (`await f()`, or `result = f()` then `await result`, the
 * name bound only there), entered by `async with`, iterated by `async for`, or handed to what runs an awaitable
 * (`asyncio.create_task(f())`).
 */
function consumedAsynchronously(call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const outer = parentOutsideParentheses(call);
  if (outer?.type === 'await') return true;
  // (A call right under a `for` is what it iterates: its target is no call.)
  if (outer?.type === 'for_statement' || outer?.type === 'for_in_clause') return hasAsyncKeyword(outer);
  if (outer?.type === 'argument_list') {
    const runner = outer.parent;
    return (
      runner?.type === 'call' && (AWAITABLE_RUNNERS.has(model.calleeLastName(runner)) || model.calleeName(runner, scope) === 'asyncio.run')
    );
  }
  if (outer?.type === 'assignment') {
    const name = outer.childForFieldName('left');
    if (name?.type !== 'identifier' || scope.bindings.get(name.text)?.length !== 1) return false;
    return scope.awaits.some((awaited) => {
      const value = awaited.firstNamedChild;
      return value !== null && unparenthesize(value).type === 'identifier' && unparenthesize(value).text === name.text;
    });
  }
  const item = outer?.type === 'as_pattern' ? outer.parent : outer;
  const statement = item?.type === 'with_item' ? item.parent?.parent : undefined;
  return statement?.type === 'with_statement' && hasAsyncKeyword(statement);
}

/** Whether `call` calls a plain function (of this file, or of another module) that a decorator wraps (see isWrappedByDecorator). */
function isWrappedFunction(call: SyntaxNode, scope: Scope, definition: SyntaxNode | undefined, context: RuleContext): boolean {
  if (definition)
    return definition.type === 'function_definition' && !hasAsyncKeyword(definition) && isWrappedByDecorator(definition, context.model);
  const project = context.project;
  const name = project && context.model.calleeName(call, scope);
  if (!project || name === undefined || name.startsWith('builtins.')) return false;
  return project.findFunction(project.absoluteName(name))?.wrappedByDecorator === true;
}

/** Calls made when the function runs: its own and its comprehensions', not nested defs' or lambdas'. */
function callsIn(scope: Scope): { call: SyntaxNode; scope: Scope }[] {
  const result = scope.calls.map((call) => ({ call, scope }));
  for (const child of scope.children) if (child.kind === 'comprehension') result.push(...callsIn(child));
  return result;
}

/** `await asyncio.to_thread(f, ...)`, or trio's / anyio's `to_thread.run_sync`. */
function offloadCall(library: AsyncLibrary, callee: string): string {
  return library === 'asyncio' ? `await asyncio.to_thread(${callee}, ...)` : `await ${library}.to_thread.run_sync(${callee}, ...)`;
}
