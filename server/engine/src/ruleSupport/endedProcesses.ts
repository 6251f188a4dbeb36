// Where the code already knows a `subprocess.Popen` handle's process has ended: after its `wait()` or `communicate()`,
// after a `poll()` that said so, or after `kill()` and a helper that waited for it. A `wait()` or `communicate()` there
// only reads what is left and returns at once (asyncmq's test clean-up, `process.communicate(timeout=1)` after
// `if process.poll() is None: process.kill(); await _wait_for_process_exit(process)`). Read by returnsAtOnce
// (nonBlockingFlags), so LOOP103, LOOP108's chains and module summaries leave such a wait alone.
import type { SyntaxNode } from '../analysis/pythonParser';
import {
  callArguments,
  DEFINITION_KINDS,
  endsInExit,
  ifBranches,
  inNestedDefinition,
  parentOutsideParentheses,
  singleComparison,
  unparenthesize,
} from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { parametersOf } from './parameterGuard';

/** The waits on a handle: each returns only once the process has ended (or raises, with `timeout=`). */
const WAITS: ReadonlySet<string> = new Set(['wait', 'communicate']);
const ENDED_WAITS: ReadonlySet<string> = new Set(['subprocess.Popen.wait', 'subprocess.Popen.communicate']);
/** Calls on a handle that ask, without waiting, whether the process has ended (and reap it when it has). */
const POLLS: ReadonlySet<string> = new Set(['poll']);
/** Awaited calls that run the function they are given in a worker thread until it returns. */
const THREAD_RUNNERS: ReadonlySet<string> = new Set(['to_thread', 'run_in_executor', 'run_sync']);

/** Whether a name, where it is read, stands for the handle the wait is on (and nothing rebinds it before the wait). */
type IsHandle = (name: SyntaxNode) => boolean;

/**
 * Whether `call` is a `wait()` or `communicate()` on a process handle that every path reaches only once the process
 * has ended: after a statement before it, in its block or in a block around it, that leaves the process ended (see
 * leavesEnded), with the function binding the handle's name to nothing else between. The wait then only reaps the
 * process, or drains pipes its end closed: the earlier wait, if any, is the call that blocks.
 */
export function waitsForEndedProcess(qualifiedName: string, call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  if (!ENDED_WAITS.has(qualifiedName) || scope.kind !== 'function') return false;
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (receiver?.type !== 'identifier') return false;
  const handle = model.resolve(receiver, scope);
  // A local of the function: no other code rebinds it while the function runs.
  if (handle?.scope !== scope) return false;
  const bindings = model.bindingsIn(scope, receiver.text);
  for (let node = call; node.parent && !DEFINITION_KINDS.has(node.parent.type); node = node.parent) {
    if (node.parent.type !== 'block') continue;
    // `node` is the statement of this block holding the wait. What may run between a statement before it and the wait
    // is what follows that statement up to the end of this one (all of it, for a loop around the wait).
    const statement = node;
    const isHandle: IsHandle = (name) =>
      name.type === 'identifier' &&
      name.text === receiver.text &&
      model.resolve(name, scope)?.node.id === handle.node.id &&
      !bindings.some((other) => other.position > name.endIndex && other.position < statement.endIndex);
    for (let before = statement.previousNamedSibling; before; before = before.previousNamedSibling) {
      if (leavesEnded(before, isHandle, model, scope)) return true;
    }
  }
  return false;
}

/**
 * Whether `statement`, whenever it completes, leaves the process ended:
 * - a statement of expressions that waits for it (`out, err = proc.communicate(data)`, `proc.wait(timeout=5)`, which
 *   raises if the process outlives the timeout), not in a part that may not run (`x if c else proc.wait()`), or that
 *   awaits such a wait in a worker thread (`await asyncio.to_thread(proc.wait)`);
 * - `await helper(proc)`, a function of this file polling or waiting for the process it is given, after `proc.kill()`
 *   in the same block: SIGKILL cannot be caught, and the helper saw it take effect (or gave up on a process that is
 *   dying all the same);
 * - a `with` whose body does, unless the `with` may suppress an exception (see MAY_SUPPRESS): its body may then end
 *   before the wait returns;
 * - an `if` each of whose ways through leaves the process ended: a block that does or cannot end (a `return`, a
 *   `raise`), or one a test on the handle lets run only once it has ended (`if proc.poll() is None: ...` on its
 *   other branches, and when nothing else runs);
 * - `while proc.poll() is None:` with no `break`: it ends only once the poll says the process has;
 * - a `try` whose body does and each of whose handlers does or cannot end, or whose `finally` does.
 */
function leavesEnded(statement: SyntaxNode, isHandle: IsHandle, model: SemanticModel, scope: Scope): boolean {
  switch (statement.type) {
    case 'expression_statement':
      return waitsInStatement(statement, isHandle) || waitedByHelperAfterKill(statement, isHandle, model, scope);
    case 'with_statement': {
      const items = statement.namedChildren.find((part) => part.type === 'with_clause');
      if (items?.descendantsOfType('identifier').some((name) => MAY_SUPPRESS.test(name.text))) return false;
      return blockLeavesEnded(statement.childForFieldName('body'), isHandle, model, scope);
    }
    case 'if_statement':
      return everyWayThroughIfEnds(statement, isHandle, model, scope);
    case 'while_statement': {
      const body = statement.childForFieldName('body');
      return testSaysEnded(statement.childForFieldName('condition'), isHandle) === false && body !== null && !breaksOut(body);
    }
    case 'try_statement':
      return tryLeavesEnded(statement, isHandle, model, scope);
    default:
      return false;
  }
}

/** Whether one of the statements of `block` leaves the process ended: the statements after it cannot undo that. */
function blockLeavesEnded(block: SyntaxNode | null, isHandle: IsHandle, model: SemanticModel, scope: Scope): boolean {
  return block !== null && block.namedChildren.some((statement) => leavesEnded(statement, isHandle, model, scope));
}

/** Whether a block leaves the process ended, or never runs to its end (the wait after it is then not reached). */
function blockEndsOrExits(block: SyntaxNode, isHandle: IsHandle, model: SemanticModel, scope: Scope): boolean {
  return endsInExit(block) || blockLeavesEnded(block, isHandle, model, scope);
}

/** Expressions that may leave part of themselves unevaluated, or run it later: what is in them may not run. */
const CONDITIONAL_PARTS: ReadonlySet<string> = new Set([
  'conditional_expression',
  'boolean_operator',
  'lambda',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);

/**
 * Whether the statement of expressions `statement` runs, whenever it completes, a wait on the handle: the handle's
 * `wait()` or `communicate()`, or an awaited run of one of them in a worker thread (`await asyncio.to_thread(proc.wait)`,
 * `await loop.run_in_executor(None, proc.wait)`).
 */
function waitsInStatement(statement: SyntaxNode, isHandle: IsHandle): boolean {
  return statement.descendantsOfType('call').some((call) => {
    for (let part = call.parent; part && part.id !== statement.id; part = part.parent) if (CONDITIONAL_PARTS.has(part.type)) return false;
    if (handleMethod(call.childForFieldName('function'), isHandle, WAITS)) return true;
    const callee = call.childForFieldName('function');
    const runner = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
    if (runner === undefined || !THREAD_RUNNERS.has(runner) || parentOutsideParentheses(call)?.type !== 'await') return false;
    return callArguments(call).positional.some((argument) => handleMethod(unparenthesize(argument), isHandle, WAITS));
  });
}

/**
 * Whether `statement` is `await helper(proc)`, where `helper` is a function of this file that polls or waits for the
 * process it is given (asyncmq's `_wait_for_process_exit`, polling until `poll()` says the process is gone), and an
 * earlier statement of the same block is `proc.kill()`. A helper that gives up on a timeout may return with the process
 * still running; after SIGKILL, which a process cannot catch or ignore, it is gone at once all the same. (A SIGTERM it
 * may handle for as long as it likes: `terminate()` is not enough.)
 */
function waitedByHelperAfterKill(statement: SyntaxNode, isHandle: IsHandle, model: SemanticModel, scope: Scope): boolean {
  const awaited = statement.firstNamedChild?.type === 'await' ? statement.firstNamedChild.firstNamedChild : null;
  const call = awaited ? unparenthesize(awaited) : null;
  if (call?.type !== 'call') return false;
  const parameter = parameterGivenHandle(call, isHandle, model, scope);
  if (!parameter) return false;
  let killed = false;
  for (let before = statement.previousNamedSibling; before && !killed; before = before.previousNamedSibling) {
    const called = before.type === 'expression_statement' ? before.firstNamedChild : null;
    killed = called?.type === 'call' && handleMethod(called.childForFieldName('function'), isHandle, KILLS);
  }
  if (!killed) return false;
  const { definition, name } = parameter;
  const isParameter: IsHandle = (node) => {
    const binding = node.type === 'identifier' && node.text === name ? model.resolve(node) : undefined;
    return binding?.kind === 'parameter' && binding.scope.node.id === definition.id;
  };
  return definition
    .descendantsOfType('call')
    .some(
      (inner) => handleMethod(inner.childForFieldName('function'), isParameter, POLLS_AND_WAITS) && !inNestedDefinition(inner, definition),
    );
}

const KILLS: ReadonlySet<string> = new Set(['kill']);
const POLLS_AND_WAITS: ReadonlySet<string> = new Set([...POLLS, ...WAITS]);

/**
 * The `def` of this file `call` calls and the name of its parameter that receives the handle (`helper(proc)`,
 * `helper(process=proc)`); undefined when the call does not hand the handle over that plainly.
 */
function parameterGivenHandle(
  call: SyntaxNode,
  isHandle: IsHandle,
  model: SemanticModel,
  scope: Scope,
): { readonly definition: SyntaxNode; readonly name: string } | undefined {
  const definition = model.calleeDefinition(call, scope);
  if (definition?.type !== 'function_definition') return undefined;
  const args = callArguments(call);
  if (args.hasUnpacking) return undefined;
  const parameters = parametersOf(definition);
  const position = args.positional.findIndex((argument) => isHandle(unparenthesize(argument)));
  if (position >= 0) {
    for (const [name, info] of parameters.byName) if (info.position === position) return { definition, name };
    return undefined;
  }
  for (const [keyword, value] of args.keywords) {
    if (isHandle(unparenthesize(value)) && parameters.byName.has(keyword)) return { definition, name: keyword };
  }
  return undefined;
}

/**
 * Whether every way through the `if` leaves the process ended. A branch does when its block does or cannot end, or
 * when the tests let it run only once the process has ended (the `else` of `if proc.poll() is None:`); the way past
 * every branch of an `if` with no `else` does when a test false on it says the process has ended.
 */
function everyWayThroughIfEnds(statement: SyntaxNode, isHandle: IsHandle, model: SemanticModel, scope: Scope): boolean {
  const { blocks, hasElse, complete } = ifBranches(statement);
  if (!complete) return false;
  const tests = [
    statement.childForFieldName('condition'),
    ...statement.childrenForFieldName('alternative').map((clause) => clause.childForFieldName('condition')),
  ];
  // Whether the tests before branch `index` (all false there) already say the process has ended.
  const endedByEarlierTests = (index: number): boolean => tests.slice(0, index).some((test) => testSaysEnded(test, isHandle) === false);
  const branchesEnd = blocks.every(
    (block, index) =>
      testSaysEnded(tests[index] ?? null, isHandle) === true ||
      endedByEarlierTests(index) ||
      blockEndsOrExits(block, isHandle, model, scope),
  );
  return branchesEnd && (hasElse || endedByEarlierTests(blocks.length));
}

/**
 * What a test on the handle says of the process, when it is `proc.poll() is None` (or `proc.returncode is None`): it
 * has ended where the test is false, and `proc.poll() is not None` where it is true. Undefined for any other test.
 */
function testSaysEnded(test: SyntaxNode | null, isHandle: IsHandle): boolean | undefined {
  const comparison = test && singleComparison(unparenthesize(test));
  if (!comparison || comparison.right.type !== 'none' || (comparison.operator !== 'is' && comparison.operator !== 'is not'))
    return undefined;
  const left = unparenthesize(comparison.left);
  const polled = left.type === 'call' && handleMethod(left.childForFieldName('function'), isHandle, POLLS);
  const owner =
    left.type === 'attribute' && left.childForFieldName('attribute')?.text === 'returncode' ? left.childForFieldName('object') : null;
  const returnCode = owner !== null && isHandle(owner);
  if (!polled && !returnCode) return undefined;
  return comparison.operator === 'is not';
}

/** Whether a `break` in `body` (not in a loop or function nested in it) leaves the loop `body` belongs to. */
function breaksOut(body: SyntaxNode): boolean {
  return body.descendantsOfType('break_statement').some((jump) => {
    for (let node = jump.parent; node && node.id !== body.id; node = node.parent) {
      if (node.type === 'for_statement' || node.type === 'while_statement' || DEFINITION_KINDS.has(node.type)) return false;
    }
    return true;
  });
}

/** Whether the `try` leaves the process ended: its `finally` does, or its body does and each handler does or cannot end. */
function tryLeavesEnded(statement: SyntaxNode, isHandle: IsHandle, model: SemanticModel, scope: Scope): boolean {
  const clauseBlock = (clause: SyntaxNode): SyntaxNode | undefined => clause.namedChildren.find((part) => part.type === 'block');
  const cleanup = statement.namedChildren.find((part) => part.type === 'finally_clause');
  const cleanupBlock = cleanup && clauseBlock(cleanup);
  if (cleanupBlock && blockLeavesEnded(cleanupBlock, isHandle, model, scope)) return true;
  if (!blockLeavesEnded(statement.childForFieldName('body'), isHandle, model, scope)) return false;
  return statement.namedChildren
    .filter((part) => part.type === 'except_clause' || part.type === 'except_group_clause')
    .every((handler) => {
      const block = clauseBlock(handler);
      return block !== undefined && blockEndsOrExits(block, isHandle, model, scope);
    });
}

/**
 * A name in a `with` item that says the block may swallow an exception: `contextlib.suppress(...)`, a test's
 * `pytest.raises(subprocess.TimeoutExpired)` or `self.assertRaises(...)`, an `ignore_errors()` or `catch_...()` helper.
 * A `communicate(timeout=...)` cut short there leaves the process running for the wait after the `with`.
 */
const MAY_SUPPRESS = /suppress|raises|ignor|catch|error/i;

/** Whether `callee` is `handle.method` for one of `methods`, the handle as `isHandle` tells it. */
function handleMethod(callee: SyntaxNode | null, isHandle: IsHandle, methods: ReadonlySet<string>): boolean {
  if (callee?.type !== 'attribute') return false;
  const receiver = callee.childForFieldName('object');
  const method = callee.childForFieldName('attribute')?.text;
  return receiver !== null && method !== undefined && methods.has(method) && isHandle(receiver);
}
