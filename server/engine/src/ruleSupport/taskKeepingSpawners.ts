// Methods that start a task and keep it themselves: an event-loop wrapper's `create_task(self, coro)` that stores the
// task it made in a collection of its object (`self.bg_tasks.add(task)`). A task started through one is kept.
import type { SyntaxNode } from '../analysis/pythonParser';
import { codeStatements, hasAsyncKeyword, unparenthesize } from '../analysis/pythonSyntax';
import type { SemanticModel } from '../analysis/semanticModel';
import type { RuleContext } from '../linter/rule';
import { expressionClass } from './instanceClasses';

/** Names of the methods that make a task (and those a wrapper gives its own). */
export const TASK_SPAWNING_METHODS: ReadonlySet<string> = new Set(['create_task', 'ensure_future']);

/** Methods storing a value in a collection: a set's, a list's, a deque's. */
const STORING_METHODS: ReadonlySet<string> = new Set(['add', 'append', 'appendleft']);

/**
 * Whether `call` is `obj.create_task(...)` (or `ensure_future`) on an instance of a class (of this file, or another
 * module's, as the project's summaries say) whose method of that name stores the task it starts (see storesTaskItStarts):
 * `self.event_loop.create_task(...)` where `self.event_loop` is the project's `EventLoop` wrapper, by a parameter's
 * annotation or the class a method is annotated to return (`self.server.get_event_loop()`). The object keeps the task.
 */
export function startsTaskItKeeps(call: SyntaxNode, { model, project, scope }: Pick<RuleContext, 'model' | 'project' | 'scope'>): boolean {
  const callee = call.childForFieldName('function');
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  const receiver = callee?.childForFieldName('object');
  if (method === undefined || !receiver || !TASK_SPAWNING_METHODS.has(method)) return false;
  const owner = expressionClass(receiver, scope, { model, project });
  if (!owner) return false;
  if ('name' in owner) return project?.findFunction(`${owner.name}.${method}`)?.storesTaskItStarts === true;
  const classScope = model.scopeOfDefinition(owner.local);
  const bindings = classScope ? model.bindingsIn(classScope, method) : [];
  const definition = bindings.length === 1 ? bindings[0]!.definition : undefined;
  return definition !== undefined && storesTaskItStarts(definition, model);
}

/**
 * Whether the method `definition` (a plain `def`) binds a local to a task it starts (`task = self.loop.create_task(coro)`,
 * `asyncio.ensure_future(...)`) in a statement of its body, and stores that local in a collection attribute of its
 * object in a later one (`self.tasks.add(task)`, `self._running.append(task)`, `self._by_name[name] = task`), with no
 * `return` between: the object keeps every task it starts, until its own done callback or clean-up lets it go.
 */
export function storesTaskItStarts(definition: SyntaxNode, model: SemanticModel): boolean {
  if (definition.type !== 'function_definition' || hasAsyncKeyword(definition)) return false;
  const self = definition.childForFieldName('parameters')?.firstNamedChild;
  if (self?.type !== 'identifier') return false;
  const statements = codeStatements(definition);
  return statements.some((statement, index) => {
    const task = spawnedInto(statement, model);
    if (task === undefined) return false;
    for (const later of statements.slice(index + 1)) {
      if (storesInCollection(later, task, self.text)) return true;
      if (later.type === 'return_statement' || later.descendantsOfType('return_statement').length > 0) return false;
    }
    return false;
  });
}

/** For `name = <...>.create_task(...)` (or `ensure_future`) as a statement: `name`. */
function spawnedInto(statement: SyntaxNode, model: SemanticModel): string | undefined {
  const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (assignment?.type !== 'assignment') return undefined;
  const target = assignment.childForFieldName('left');
  const value = assignment.childForFieldName('right');
  const call = value && unparenthesize(value);
  if (target?.type !== 'identifier' || call?.type !== 'call') return undefined;
  return TASK_SPAWNING_METHODS.has(model.calleeLastName(call)) ? target.text : undefined;
}

/** `self.<attr>.add(task)` (or `append`), or `self.<attr>[key] = task`, as a statement. */
function storesInCollection(statement: SyntaxNode, task: string, self: string): boolean {
  const expression = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (expression?.type === 'call') {
    const callee = expression.childForFieldName('function');
    const argument = expression.childForFieldName('arguments')?.namedChildren;
    return (
      callee?.type === 'attribute' &&
      STORING_METHODS.has(callee.childForFieldName('attribute')?.text ?? '') &&
      isAttributeOf(callee.childForFieldName('object'), self) &&
      argument?.length === 1 &&
      argument[0]!.type === 'identifier' &&
      argument[0]!.text === task
    );
  }
  if (expression?.type !== 'assignment') return false;
  const target = expression.childForFieldName('left');
  const value = expression.childForFieldName('right');
  return (
    target?.type === 'subscript' &&
    isAttributeOf(target.childForFieldName('value'), self) &&
    value?.type === 'identifier' &&
    value.text === task
  );
}

/** `self.<attr>`. */
function isAttributeOf(node: SyntaxNode | null, self: string): boolean {
  return node?.type === 'attribute' && node.childForFieldName('object')?.text === self;
}
