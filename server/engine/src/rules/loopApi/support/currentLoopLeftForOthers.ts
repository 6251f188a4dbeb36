// The thread's current loop a module drives at import and leaves current for code that finds it again: a test module's
// `LOOP = asyncio.get_event_loop(); AUTH_TOKEN = LOOP.run_until_complete(get_auth_token())`, whose test class then
// drives `self.loop = asyncio.get_event_loop()`. `asyncio.run()` sets no loop current as it ends, after which
// `asyncio.get_event_loop()` raises RuntimeError (on every version), so that code would break.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { argumentAt, assignmentTargets, runsOnlyWhere, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { RuleContext } from '../../../linter/rule';
import { callOf } from '../../../ruleSupport/fileLocalFunctions';
import { callsSetEventLoop } from '../../../ruleSupport/loopMadeCurrent';
import { CURRENT_LOOP_GETTERS } from '../../../ruleSupport/currentLoopGetters';
import { MODULE_CODE } from '../../../analysis/semanticModel';
import { isCollectedTestModule } from '../../../linter/neverCollectedTests';
import { isLastingLoop } from './sharedLoops';

const DRIVING_METHODS: readonly string[] = ['run_until_complete', 'run_forever'];

/**
 * Whether the module-level drives of `loop` (`drives`, at import) drive the thread's current loop (see isLastingLoop,
 * or a loop the module makes current with `asyncio.set_event_loop(loop)`) for code that finds it again: other code of
 * the file that finds the current loop (`asyncio.get_event_loop()`), outside coroutines, in a function or method
 * (`self.loop = asyncio.get_event_loop()` in a test class, driven by its tests) or later at module level, and drives it
 * where the rule leaves that drive alone (`isLeftAlone`: an object's loop, a sync facade for its caller's coroutines; a
 * drive reported too is advised `asyncio.run()` as well, and needs no loop left current); or the other test modules of
 * a pytest run, where the module is one pytest collects (`test_*.py`, `*_test.py`, with a test of its own) and the
 * drive is no `if __name__ == "__main__":` code: pytest imports them one after another in one thread, and the loop
 * this one leaves current is the one they find. A script's ending
 * (`loop = asyncio.get_event_loop(); loop.run_until_complete(main())`) with nothing finding the loop again is not one.
 * (Whether the module closes the loop is the caller's question: a closed loop serves nobody.)
 */
export function isCurrentLoopLeftForOthers(
  loop: SyntaxNode,
  drives: readonly SyntaxNode[],
  isLeftAlone: (drive: SyntaxNode) => boolean,
  context: RuleContext,
): boolean {
  if (context.scope.kind !== 'module' || drives.length === 0 || !isThreadsCurrentLoop(loop, context)) return false;
  return drivenAgainByOtherCode(loop, drives, isLeftAlone, context) || (definesCollectedTests(context) && !drives.some(isMainGuarded));
}

/** The thread's current loop (see isLastingLoop), or a name the scope makes current (`asyncio.set_event_loop(LOOP)`). */
function isThreadsCurrentLoop(loop: SyntaxNode, context: RuleContext): boolean {
  if (isLastingLoop(loop, context)) return true;
  const node = unparenthesize(loop);
  return (
    node.type === 'identifier' &&
    context.scope.calls.some((call) => {
      const set = callsSetEventLoop(call, context.model, context.scope) ? argumentAt(call, 0, 'loop') : undefined;
      return set !== undefined && unparenthesize(set).text === node.text;
    })
  );
}

/**
 * Whether code of the file other than `drives` finds the current loop again and drives it, outside coroutines (a drive
 * in one would raise "This event loop is already running"), in a drive left alone (see isCurrentLoopLeftForOthers):
 * `asyncio.get_event_loop().run_until_complete(...)`, or the name or attribute assigned it driven (`self.loop =
 * asyncio.get_event_loop()`, then `self.loop.run_until_complete(...)`), in a function or method, or at module level
 * after the drives. The module's own name for the loop bound again at module level is the same drive going on (the
 * rule advises one coroutine for those).
 */
function drivenAgainByOtherCode(
  loop: SyntaxNode,
  drives: readonly SyntaxNode[],
  isLeftAlone: (drive: SyntaxNode) => boolean,
  context: RuleContext,
): boolean {
  const { model } = context;
  const lastDrive = Math.max(...drives.map((drive) => drive.endIndex));
  const loopName = unparenthesize(loop).text;
  // The drives of what a target holds: a name's in the scope it is bound in, an attribute's (`self.loop`) anywhere.
  const otherDrivesOf = (target: SyntaxNode, scope: Scope): boolean =>
    DRIVING_METHODS.some((method) =>
      model.mentionsOf(method).some((mention) => {
        const read = mention.parent;
        const call = read?.type === 'attribute' && read.childForFieldName('attribute')?.id === mention.id ? callOf(read) : undefined;
        if (call === undefined || drives.some((drive) => drive.id === call.id) || read?.childForFieldName('object')?.text !== target.text)
          return false;
        const driving = model.scopeOf(call);
        return !driving.isAsyncContext && (target.type === 'attribute' || driving === scope) && isLeftAlone(call);
      }),
    );
  return model.mentionsOf('get_event_loop').some((mention) => {
    const callee =
      mention.parent?.type === 'attribute' && mention.parent.childForFieldName('attribute')?.id === mention.id ? mention.parent : mention;
    const call = callOf(callee);
    if (!call) return false;
    const scope = model.scopeOf(call);
    if (scope.isAsyncContext || !CURRENT_LOOP_GETTERS.has(model.calleeName(call, scope) ?? '')) return false;
    if (scope.functionScope === undefined && call.startIndex < lastDrive) return false;
    // Driven where it is found: `asyncio.get_event_loop().run_until_complete(...)`.
    const read = call.parent;
    const method =
      read?.type === 'attribute' && read.childForFieldName('object')?.id === call.id
        ? read.childForFieldName('attribute')?.text
        : undefined;
    const drive = method !== undefined && DRIVING_METHODS.includes(method) ? callOf(read!) : undefined;
    if (drive !== undefined) return isLeftAlone(drive);
    return assignmentTargets(call).some((target) => {
      if (scope.functionScope === undefined && target.text === loopName) return false;
      return (target.type === 'identifier' || target.type === 'attribute') && otherDrivesOf(target, scope);
    });
  });
}

/** A test function (or method) pytest collects by its default name: `test...`. */
const COLLECTED_TEST = /^test/;

/**
 * A module pytest collects by its default file names (see isCollectedTestModule; its module is known where Loopscope
 * lints a project) that defines a test, a module-level function or a method of a class named `test...`: not a script
 * that happens to be named so (`tools/websocket_test.py` parsing its arguments at import).
 */
function definesCollectedTests({ model, project }: RuleContext): boolean {
  if (!isCollectedTestModule(project?.moduleName)) return false;
  // The module's other statements decide it: re-linting asks again when any changes.
  model.recordDependency(MODULE_CODE);
  const definitions = (block: SyntaxNode | null): SyntaxNode[] =>
    (block?.namedChildren ?? []).map((statement) =>
      statement.type === 'decorated_definition' ? (statement.childForFieldName('definition') ?? statement) : statement,
    );
  const isTest = (definition: SyntaxNode): boolean =>
    definition.type === 'function_definition' && COLLECTED_TEST.test(definition.childForFieldName('name')?.text ?? '');
  return definitions(model.root).some(
    (definition) =>
      isTest(definition) || (definition.type === 'class_definition' && definitions(definition.childForFieldName('body')).some(isTest)),
  );
}

/** A drive under `if __name__ == "__main__":`, which pytest's import does not run. */
function isMainGuarded(drive: SyntaxNode): boolean {
  return runsOnlyWhere(drive, (test, holds) => holds && test.descendantsOfType('identifier').some((name) => name.text === '__name__'));
}
