// A helper of another module of the project handing out the thread's current loop (nano-graphrag's
// `always_get_an_event_loop()` in `_utils.py`: `asyncio.get_event_loop()`, else a new loop it sets current). What it
// hands out is the thread's lasting loop, as a helper of the file finding it is (see sharedLoops.findsCurrentLoop).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import type { Scope } from '../../../analysis/scope';
import type { RuleContext } from '../../../linter/rule';

/**
 * Whether `call` calls a plain function of another module of the project whose own body finds the thread's current
 * loop (ProjectFunction.findsCurrentLoop: `asyncio.get_event_loop()`, also through the policy). Not a coroutine function
 * nor a generator, whose call runs none of its body, nor one a decorator may replace; not a class, nor a builtin.
 */
export function callsProjectHelperFindingCurrentLoop(
  call: SyntaxNode,
  scope: Scope,
  { model, project }: Pick<RuleContext, 'model' | 'project'>,
): boolean {
  if (!project) return false;
  const name = model.calleeName(call, scope);
  if (name === undefined || name.startsWith('builtins.') || name.startsWith('asyncio.')) return false;
  const absolute = project.absoluteName(name);
  const helper = project.findFunction(absolute);
  if (helper === undefined || !helper.findsCurrentLoop || helper.isAsync || helper.isGeneratorFunction || helper.wrappedByDecorator)
    return false;
  // A class (its `__init__` is what the project finds for it) makes an object, keeping the loop maybe, not the loop.
  return project.findFunction(`${absolute}.__init__`) === undefined;
}
