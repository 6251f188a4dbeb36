// A decorator whose wrapper drives the thread's current loop for a click group's callback and for its commands
// (LOOP203): click runs the group's callback and then the command's in one process, and what the callback opens on
// that loop (database connections) the command goes on using there.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import type { RuleContext } from '../../../linter/rule';
import { returnedFunction } from '../../../ruleSupport/plainWrappers';

/**
 * Whether the driving function is the wrapper a decorator of this file returns (`def coro(f): @wraps(f) def
 * wrapper(*args, **kwargs): ...; return wrapper`) and that decorator is applied to a click group's callback (an `async
 * def` decorated `@click.group(...)` or `@cli.group()` as well): the group's wrapper and then the command's drive the
 * same current loop, and the connections the callback opened there serve the command. `asyncio.run()` in the wrapper
 * would close the callback's loop before the command runs. A decorator used on commands only stays reported.
 */
export function drivesLoopOfClickGroup(context: RuleContext): boolean {
  const { model } = context;
  const wrapper = context.scope.functionScope;
  const decorator = wrapper?.parent?.functionScope;
  if (!wrapper || !decorator || returnedFunction(decorator.node)?.id !== wrapper.node.id) return false;
  const binding = model.bindingsIn(model.module, decorator.name).find((candidate) => candidate.definition?.id === decorator.node.id);
  if (!binding) return false;
  return model.references(binding).some((reference) => {
    const written = reference.parent;
    const decorated = written?.type === 'decorator' ? written.parent : undefined;
    return decorated?.type === 'decorated_definition' && decorated.namedChildren.some((other) => isClickGroup(other, context));
  });
}

/**
 * `@click.group(...)`, `@main.group()` in a file importing click: a decorator making a click group of the function it
 * decorates (click's own, or the `group` method of a group).
 */
function isClickGroup(decorator: SyntaxNode, { model }: RuleContext): boolean {
  if (decorator.type !== 'decorator') return false;
  const expression = decorator.firstNamedChild;
  const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
  return callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'group' && model.importsModule('click');
}
