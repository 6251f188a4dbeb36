// LOOP306's state outside the program: what a polling loop asks another process, the operating system or a server (a
// file another process makes, a child's exit, a port a child process listens on), which no code of the program changes
// and so none could signal with an Event.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { unparenthesize } from '../../../analysis/pythonSyntax';
import type { RuleContext } from '../../../linter/rule';
import { blockingCallsFlaggedBy } from '../../../knowledge/blockingCalls';
import { neverSuspends } from '../../../ruleSupport/coroutineSuspension';
import { calledDefinition } from '../../../ruleSupport/instanceClasses';

/**
 * Whether the condition `polled` asks state outside the program each round: it awaits (a process, a server: see
 * awaitsOutside), asks the file system or the network (see asksOutside), or reads whether a child process has exited.
 */
export function pollsStateOutsideTheProgram(polled: SyntaxNode, context: RuleContext): boolean {
  return awaitsOutside(polled, context) || asksOutside(polled, context) || asksProcessExit(polled);
}

/**
 * Whether `condition` awaits something that may wait outside the program: any awaited object but a call of a coroutine
 * that never suspends (see coroutineSuspension.ts: an in-memory backend's `async def list_workers(self)` returning what
 * its dictionary holds). Such a coroutine gives the loop no turn, so it can ask no process or server: it reads the
 * program's own state, which code on the same loop changes.
 */
function awaitsOutside(condition: SyntaxNode, { model, scope, project }: RuleContext): boolean {
  // (`descendantsOfType('await')` also yields each await's keyword token: only the named nodes are awaits.)
  const awaits = condition.descendantsOfType('await').filter((node) => node.isNamed);
  return awaits.some((awaitNode) => {
    const operand = awaitNode.firstNamedChild && unparenthesize(awaitNode.firstNamedChild);
    return operand?.type !== 'call' || !neverSuspends(operand, scope, model, project);
  });
}

/** What a call may ask outside the program: methods known by name on any value, functions by qualified name. */
interface OutsideCalls {
  readonly methods: ReadonlySet<string>;
  readonly functions: ReadonlySet<string>;
}

/** `os.path` and `os` queries of the file system. */
const FILE_SYSTEM_QUERIES: ReadonlySet<string> = new Set([
  'os.path.exists',
  'os.path.isfile',
  'os.path.isdir',
  'os.path.islink',
  'os.path.getsize',
  'os.path.getmtime',
  'os.stat',
  'os.access',
  'os.listdir',
  'os.scandir',
  'glob.glob',
  'glob.iglob',
]);

/**
 * `pathlib.Path`'s queries, as methods of any value (`cafile.exists()`: a path the loop waits to see made;
 * `queue_dir.glob("*")`: files another process writes there), known by name alone: a path is often an attribute set
 * in another module (`subscription.dead_letter_queue_path`), whose type the model, reading one file, does not know.
 */
const PATH_QUERY_METHODS: ReadonlySet<string> = new Set([
  'exists',
  'is_file',
  'is_dir',
  'is_socket',
  'is_fifo',
  'is_symlink',
  'glob',
  'rglob',
  'iterdir',
]);

/**
 * What asks whether another process listens yet: a TCP connection tried (`socket.create_connection`, a socket's
 * `connect`), or an HTTP request (the calls LOOP102 knows: `requests.get(url)`, `urllib.request.urlopen(url)`, ...).
 */
const NETWORK_PROBES: ReadonlySet<string> = new Set([
  'socket.create_connection',
  'socket.socket.connect',
  'socket.socket.connect_ex',
  ...blockingCallsFlaggedBy('LOOP102').keys(),
]);

/**
 * `connect_ex` is a socket's alone: known by name, also on a socket whose type the model does not follow
 * (`with closing(socket.socket(...)) as sock`).
 */
const NETWORK_PROBE_METHODS: ReadonlySet<string> = new Set(['connect_ex']);

/** What a condition asks outside the program in place: file-system queries and network probes. */
const ASKED_IN_PLACE: OutsideCalls = {
  methods: new Set([...PATH_QUERY_METHODS, ...NETWORK_PROBE_METHODS]),
  functions: new Set([...FILE_SYSTEM_QUERIES, ...NETWORK_PROBES]),
};

/**
 * What a plain function polled by the loop may also do: try an operation on the file system and report whether it
 * worked (`_try_unlink(path)`: another process holding the file decides when it succeeds).
 */
const ASKED_BY_HELPER: OutsideCalls = {
  methods: new Set([...ASKED_IN_PLACE.methods, 'unlink', 'rename', 'replace', 'rmdir', 'mkdir', 'touch']),
  functions: new Set([...ASKED_IN_PLACE.functions, 'os.remove', 'os.unlink', 'os.rename', 'os.replace', 'os.rmdir', 'os.mkdir']),
};

/**
 * Whether `condition` asks the file system or the network, wherever in it: wrapped too (`not list(path.glob("*"))`,
 * `len(os.listdir(spool)) < 3`, `any(p.exists() for p in paths)`); or calls a function of this file that does, or
 * that tries an operation on the file system (`while not _try_unlink(path)`, retrying while another process holds it;
 * `while not check_socket(host, port)`, whose body tries a connection to a port a child process opens). That function
 * may be a method of an instance of a class of this file (see calledDefinition), and a coroutine: one that never
 * suspends (see awaitsOutside) still asks the file system in place.
 */
function asksOutside(condition: SyntaxNode, context: RuleContext): boolean {
  const { model, scope } = context;
  const calls = condition.type === 'call' ? [condition] : condition.descendantsOfType('call');
  return calls.some((call) => {
    if (callsAmong(call, context, ASKED_IN_PLACE)) return true;
    const helper = calledDefinition(call, scope, model);
    const helperScope = helper?.type === 'function_definition' ? model.scopeOfDefinition(helper) : undefined;
    return (
      helperScope !== undefined && helperScope.calls.some((inner) => callsAmong(inner, { model, scope: helperScope }, ASKED_BY_HELPER))
    );
  });
}

/** Whether `call` is a method of `asked.methods` (by name, on any value) or a function of `asked.functions`. */
function callsAmong(call: SyntaxNode, { model, scope }: Pick<RuleContext, 'model' | 'scope'>, asked: OutsideCalls): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type === 'attribute' && asked.methods.has(callee.childForFieldName('attribute')?.text ?? '')) return true;
  const name = model.calleeName(call, scope);
  return name !== undefined && asked.functions.has(name);
}

/** What a child process's exit status is read from: `Popen.returncode`, asyncio's and anyio's `Process.returncode`, `multiprocessing.Process.exitcode`. */
const EXIT_STATUS_ATTRIBUTES: ReadonlySet<string> = new Set(['returncode', 'exitcode']);

/**
 * Whether `condition` reads a child process's exit status: `proc.poll()` (Popen's, with no argument: a selector's or
 * a queue's `poll` takes one, or is not about a process) or its `returncode` / `exitcode`.
 */
function asksProcessExit(condition: SyntaxNode): boolean {
  const attributes = condition.type === 'attribute' ? [condition] : condition.descendantsOfType('attribute');
  return attributes.some((attribute) => {
    const name = attribute.childForFieldName('attribute')?.text ?? '';
    if (EXIT_STATUS_ATTRIBUTES.has(name)) return true;
    const call = attribute.parent;
    return (
      name === 'poll' &&
      call?.type === 'call' &&
      call.childForFieldName('function')?.id === attribute.id &&
      call.childForFieldName('arguments')?.namedChildCount === 0
    );
  });
}
