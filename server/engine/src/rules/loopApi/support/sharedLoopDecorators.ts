// A decorator whose wrapper drives the thread's current loop for calls that share what each leaves on it (LOOP203): a
// click group's callback and then its command, a test case's set-up, its tests and its tear-down. What one call opens
// on that loop (database connections, an aiohttp session) the next goes on using there.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import type { RuleContext } from '../../../linter/rule';
import { returnedFunction } from '../../../ruleSupport/plainWrappers';
import { fixtureName } from '../../../ruleSupport/pytestFixtures';

/**
 * unittest's and pytest's set-up and tear-down hooks (`setUp`, `tearDownClass`, `setup_method`, `teardown_module`,
 * nose's `setup`): what they make or close outlives the call, serving the tests run after it.
 */
const SET_UP_OR_TEAR_DOWN =
  /^(?:(?:setUp|tearDown|asyncSetUp|asyncTearDown)(?:Class|Module)?|(?:setup|teardown)(?:_(?:method|class|module|function))?)$/;

/**
 * Whether the driving function is the wrapper a decorator of this file returns (`def coro(f): @wraps(f) def
 * wrapper(*args, **kwargs): ...; return wrapper`) and that decorator is applied to a function whose drive others go on
 * from: a click group's callback (an `async def` decorated `@click.group(...)` or `@cli.group()` as well), whose
 * connections serve the command click runs next; or a test's set-up or tear-down (`setUp`, `tearDown`, `setup_method`,
 * a pytest fixture), whose client made on that loop the tests then use, or which closes on it what was made before.
 * `asyncio.run()` in the wrapper would close the loop after the first call. A decorator used on commands or tests only,
 * each independent, stays reported.
 */
export function drivesLoopSharedAcrossDecoratedCalls(context: RuleContext): boolean {
  const { model } = context;
  const wrapper = context.scope.functionScope;
  const decorator = wrapper?.parent?.functionScope;
  if (!wrapper || !decorator || returnedFunction(decorator.node)?.id !== wrapper.node.id) return false;
  const binding = model.bindingsIn(model.module, decorator.name).find((candidate) => candidate.definition?.id === decorator.node.id);
  if (!binding) return false;
  return model.references(binding).some((reference) => {
    const written = reference.parent;
    const decorated = written?.type === 'decorator' ? written.parent : undefined;
    if (decorated?.type !== 'decorated_definition') return false;
    return decorated.namedChildren.some((other) => isClickGroup(other, context)) || setsUpOrTearsDown(decorated, context);
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

/** A decorated set-up or tear-down hook of the tests (by its name), or a pytest fixture. */
function setsUpOrTearsDown(decorated: SyntaxNode, { model }: RuleContext): boolean {
  const definition = decorated.childForFieldName('definition');
  if (definition?.type !== 'function_definition') return false;
  return SET_UP_OR_TEAR_DOWN.test(definition.childForFieldName('name')?.text ?? '') || fixtureName(definition, model) !== undefined;
}
