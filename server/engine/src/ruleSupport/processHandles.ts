// `subprocess.Popen(...)` only forks and execs: whether starting a process blocks depends on what the code does with
// the handle. Kept to be polled, signalled or waited for later, or stopped before a `with` ends, the start is no wait;
// a process waited for right away, or left to a `with` to wait for, is a run that blocks (a wait on a process that has
// already ended is told apart in endedProcesses). Read by returnsAtOnce (nonBlockingFlags) and by LOOP103's message for
// a `with` whose end waits.
import type { SyntaxNode } from '../analysis/pythonParser';
import { contextManagerOf, inNestedDefinition, parentOutsideParentheses, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { startsProcessIntoKeptContainer } from './keptProcessLists';

/** Calls on a handle that deal with a process still running: polling, signalling. */
const RUNNING_PROCESS_METHODS: ReadonlySet<string> = new Set(['poll', 'terminate', 'kill', 'send_signal']);
const WAITS: ReadonlySet<string> = new Set(['wait', 'communicate']);
/** Calls that stop a process: the wait after them only reaps it. */
const STOPS: ReadonlySet<string> = new Set(['terminate', 'kill']);
/** Where a handle stands when the code hands it on: an argument, a value returned, yielded, stored or put in a container. */
const HANDED_ON_PARENTS: ReadonlySet<string> = new Set([
  'argument_list',
  'keyword_argument',
  'return_statement',
  'yield',
  'assignment',
  'expression_list',
  'tuple',
  'list',
  'set',
  'pair',
]);

/**
 * Whether `call`, to `qualifiedName`, starts a process the code keeps running past the start:
 * - stored in an object (`self.proc = subprocess.Popen(cmd)`), whose methods poll, signal and wait for it later;
 * - in a local the function polls or signals (`proc.terminate()`), hands on (a fixture's `yield proc`), or waits for
 *   only after awaiting something else: a server a test talks to, stopped at its end (prefect's storage fixture);
 * - returned as it starts (`return subprocess.Popen(cmd)`, in a plain function too), to a caller that keeps it;
 * - started into a list returned or stored the same way (`return [subprocess.Popen(cmd) for _ in range(n)]`,
 *   `self.workers.append(subprocess.Popen(cmd))`: see keptProcessLists);
 * - started and let go, the handle dropped (`subprocess.Popen(cmd)` as a statement): a detached child;
 * - in `with subprocess.Popen(cmd) as proc:` whose body ends by stopping it (`proc.terminate()`, in a `finally`):
 *   leaving the `with` then only reaps a process told to stop.
 * Each wait a coroutine makes (`proc.wait()`, `proc.communicate()`) is a finding of its own. Moving the start alone to
 * `asyncio.create_subprocess_exec`, as if for a one-shot run, would break every synchronous use of the handle (and
 * spawns the child on the loop's thread all the same). The local and the `with` count where the function hands control
 * back while the process runs (see suspendsCaller): in a coroutine, or in a generator (a `@contextmanager` yielding the
 * handle to the `with` a coroutine enters, and stopping it in its `finally`). In a plain function all that runs between
 * the start and the stop or wait runs on its caller's thread, so the start stands for a span that blocks (ipyparallel's
 * `start_nanny`, reading the child's first line), as LOOP108's chains name it.
 */
export function startsKeptProcess(qualifiedName: string, call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  if (qualifiedName !== 'subprocess.Popen') return false;
  // Returned as it starts (`return subprocess.Popen(cmd)`): the caller gets the running process, and what it does with
  // the handle, a wait included, is its own code's.
  const holder = parentOutsideParentheses(call);
  if (holder?.type === 'return_statement') return true;
  // Started and let go (`subprocess.Popen([sys.executable, *sys.argv])` relaunching the program): nothing waits for
  // the child, which is meant to outlive the code starting it. An asyncio subprocess would not do: its transport kills
  // a child still running when it is closed.
  if (holder?.type === 'expression_statement') return true;
  // Started into a list kept as a whole (`return [subprocess.Popen(cmd) for _ in range(n)]`): see keptProcessLists.
  if (startsProcessIntoKeptContainer(call, scope, model)) return true;
  const assignment = call.parent;
  if (assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === call.id) {
    const target = unparenthesize(assignment.childForFieldName('left') ?? call);
    if (target.type === 'attribute') return true;
    return suspendsCaller(scope) && target.type === 'identifier' && keptInLocal(target, call, scope, model);
  }
  if (!suspendsCaller(scope)) return false;
  const started = withStarting(call);
  return started?.handle !== undefined && started.body !== null && endsByStopping(started.body, started.handle);
}

/**
 * Whether code in `scope` runs in a function that hands control back to its caller partway, at an `await` or a `yield`:
 * a coroutine, or a generator (a `@contextmanager` too). What the caller runs meanwhile is its own code; a generator's
 * start of a process blocks no more than a coroutine's does, and each wait it makes is a blocking call of its own.
 */
function suspendsCaller(scope: Scope): boolean {
  return scope.isAsyncContext || (scope.functionScope?.yields.length ?? 0) > 0;
}

/**
 * Whether `call` is the `subprocess.Popen(...)` of a `with` whose body never waits for the process itself: leaving the
 * `with` (`Popen.__exit__`) is then what waits for it to exit.
 */
export function waitsWhenWithEnds(qualifiedName: string, call: SyntaxNode): boolean {
  if (qualifiedName !== 'subprocess.Popen') return false;
  const started = withStarting(call);
  if (!started) return false;
  const { handle, body } = started;
  if (handle === undefined || !body) return true;
  return !body.descendantsOfType('call').some((waiting) => methodCalledOn(waiting, handle, WAITS) && !inNestedDefinition(waiting, body));
}

/**
 * Whether the local `target`, bound to the process `call` starts, is kept running: its first use after the start that
 * says is a poll or a signal, hands it on, or is a wait the function makes only after awaiting something else (or
 * yielding: the caller runs meanwhile). A first use that waits right away makes the start and the wait one blocking
 * run, reported at the start.
 */
function keptInLocal(target: SyntaxNode, call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const binding = model.resolve(target, scope);
  const running = scope.functionScope;
  if (!binding || binding.node.id !== target.id || binding.scope !== running) return false;
  // A use after an `if` whose branches each start a process (`proc = Popen(cmd, stdout=DEVNULL)`, else in a `with`
  // opening a log file, `proc = Popen(cmd, stdout=out)`) resolves to the last binding written, but sees whichever ran.
  const uses = model
    .references(binding)
    .filter((use) => {
      if (use.startIndex <= call.endIndex) return false;
      const seen = model.resolve(use)?.node;
      return seen !== undefined && (seen.id === target.id || inOtherBranches(seen, target));
    })
    .sort((a, b) => a.startIndex - b.startIndex);
  // A coroutine suspends at its awaits, a generator (an async one too) at its yields: the caller runs meanwhile.
  const suspensions = [...running.awaits, ...running.asyncStatements, ...running.yields];
  for (const use of uses) {
    const parent = use.parent!;
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === use.id) {
      const method = calledMethod(parent);
      if (method !== undefined && RUNNING_PROCESS_METHODS.has(method)) return true;
      if (method !== undefined && WAITS.has(method)) {
        return suspensions.some((suspension) => suspension.startIndex > call.endIndex && suspension.startIndex < use.startIndex);
      }
    } else if (HANDED_ON_PARENTS.has(parent.type)) {
      return true;
    }
  }
  return false;
}

/** Whether `a` and `b` sit in different branches of one `if` statement (its body, an `elif`, the `else`): one runs. */
function inOtherBranches(a: SyntaxNode, b: SyntaxNode): boolean {
  const branches = new Map<number, number>();
  for (let node: SyntaxNode | null = a; node?.parent; node = node.parent)
    if (node.parent.type === 'if_statement') branches.set(node.parent.id, node.id);
  for (let node: SyntaxNode | null = b; node?.parent; node = node.parent) {
    if (node.parent.type !== 'if_statement') continue;
    const other = branches.get(node.parent.id);
    if (other !== undefined) return other !== node.id;
  }
  return false;
}

/** The method called on the receiver `attribute` holds (`wait` in `proc.wait()`); undefined when the attribute is not called. */
function calledMethod(attribute: SyntaxNode): string | undefined {
  const call = attribute.parent;
  if (call?.type !== 'call' || call.childForFieldName('function')?.id !== attribute.id) return undefined;
  return attribute.childForFieldName('attribute')?.text;
}

/** Whether `call` is `handle.method(...)` for one of `methods`. */
function methodCalledOn(call: SyntaxNode, handle: string, methods: ReadonlySet<string>): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('object')?.text !== handle) return false;
  const method = calledMethod(callee);
  return method !== undefined && methods.has(method);
}

/**
 * Whether the block's last statement, or the last of its `finally` when it ends with a `try`, stops the process
 * (`handle.terminate()`, `handle.kill()`): what runs last on the way out.
 */
function endsByStopping(block: SyntaxNode, handle: string): boolean {
  const last = lastStatement(block);
  if (last?.type === 'try_statement') {
    const cleanup = last.namedChildren.find((part) => part.type === 'finally_clause');
    const cleanupBlock = cleanup?.namedChildren.find((part) => part.type === 'block');
    return cleanupBlock !== undefined && endsByStopping(cleanupBlock, handle);
  }
  const called = last?.type === 'expression_statement' ? last.firstNamedChild : undefined;
  return called?.type === 'call' && methodCalledOn(called, handle, STOPS);
}

function lastStatement(block: SyntaxNode): SyntaxNode | undefined {
  return block.namedChildren.findLast((statement) => statement.type !== 'comment');
}

/**
 * For `with subprocess.Popen(cmd) as proc:`, `call` being its context manager: the name of the handle (`proc`; none
 * without `as` or for a pattern) and the `with`'s body.
 */
function withStarting(call: SyntaxNode): { handle: string | undefined; body: SyntaxNode | null } | undefined {
  const holder = call.parent?.type === 'as_pattern' ? call.parent.parent : call.parent;
  if (holder?.type !== 'with_item' || contextManagerOf(holder)?.id !== call.id) return undefined;
  const value = holder.childForFieldName('value');
  const target = value?.type === 'as_pattern' ? value.namedChildren.find((part) => part.type === 'as_pattern_target') : undefined;
  const name = target?.firstNamedChild;
  // The item's clause, then the statement.
  const body = holder.parent!.parent!.childForFieldName('body');
  return { handle: name?.type === 'identifier' ? name.text : undefined, body };
}
