// Which class a value is an instance of, where the code says so: its name's annotation (`reader: KafkaSchemaReader`,
// `sub: "Subscription"`, `Optional[Client]`), the call that made it (`mc = MasterCoordinator(config)`), the fixture
// pytest hands a test, an attribute's declaration in its class (`self._client: Client`, `self.lock = asyncio.Lock()`),
// a mapping's values (`self._subs.get(channel)` of `Dict[str, Subscription]`), the protocol a connection's factory
// builds (`_, self.proto = await loop.create_connection(Proto, ...)`); a class of this file, or one of another module by
// name.
import { isWrappedByDecorator } from './coroutineCalls';
import { derivesFrom } from './classBases';
import { annotatedClass, mappingValueClass } from './annotatedClasses';
import { decoratorNames } from './decoratorNames';
import { fixtureResults, requestedFixture } from './pytestFixtures';
import { connectionProtocolFactory } from './connectionProtocols';
import { argumentAt, assignedAttribute, callArguments, hasAsyncKeyword, unparenthesize } from '../analysis/pythonSyntax';
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { RuleContext } from '../linter/rule';
import type { ProjectView } from '../linter/projectView';

/** A class of this file (its definition), or one of elsewhere by its absolute qualified name. */
export type ClassReference = { readonly local: SyntaxNode } | { readonly name: string };

/** Classes followed up the hierarchy of another module's class at most this far. */
const MAX_DEPTH = 12;

/** Steps valueClass takes at most: a name to its value, an attribute to its declarations, a fixture to what it returns. */
const MAX_STEPS = 8;

/** Targets assigning several values at once (`self.reader, self.writer = pair`). */
const PATTERNS: ReadonlySet<string> = new Set(['pattern_list', 'tuple_pattern', 'list_pattern']);

/**
 * The class of the value `receiver` names (an identifier), as valueClass reads it, another module's by its absolute
 * name. Undefined where the code does not say (a value some function returned, a parameter with no annotation).
 */
export function instanceClass(
  receiver: SyntaxNode,
  scope: Scope,
  { model, project }: Pick<RuleContext, 'model' | 'project'>,
): ClassReference | undefined {
  return receiver.type === 'identifier' ? expressionClass(receiver, scope, { model, project }) : undefined;
}

/**
 * The class of the value `expression` stands for, as valueClass reads it with the project's summaries (the classes the
 * methods of other modules are annotated to return: `self.server.get_event_loop()` of `-> EventLoop`), another
 * module's by its absolute name.
 */
export function expressionClass(
  expression: SyntaxNode,
  scope: Scope,
  { model, project }: Pick<RuleContext, 'model' | 'project'>,
): ClassReference | undefined {
  const found = valueClass(expression, scope, model, 0, project);
  return found && 'name' in found ? { name: project?.absoluteName(found.name) ?? found.name } : found;
}

/**
 * The class of the value `expression` stands for, where the code says so (another module's by its qualified name as
 * imported): for a name, its annotation (see annotatedClass), the value it was assigned, the class of a method's
 * `self`, or what the pytest fixture of this file it receives hands out, where all its results agree; for a call, the
 * class it calls (`Heartbeat()`, `asyncio.Event()`), or a value of a mapping (`subs.get(key)`, `subs[key]`) annotated
 * so (`Dict[str, Subscription]`); for an attribute of an instance of a class of this file, what the class declares it to
 * be (see attributeClass). Undefined where the code does not say, or says several things.
 */
export function valueClass(
  expression: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  steps = 0,
  project?: ProjectView,
): ClassReference | undefined {
  if (steps > MAX_STEPS) return undefined;
  const node = unparenthesize(expression);
  switch (node.type) {
    case 'identifier':
      return nameClass(node, scope, model, steps, project);
    case 'attribute':
      return attributeClass(node, scope, model, steps, project);
    case 'call':
      return callClass(node, scope, model, steps, project);
    case 'subscript': {
      const mapping = node.childForFieldName('value');
      return mapping ? mappingValue(mapping, scope, model, steps, project) : undefined;
    }
    default:
      return undefined;
  }
}

function nameClass(
  name: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  steps: number,
  project: ProjectView | undefined,
): ClassReference | undefined {
  const binding = model.resolve(name, scope);
  if (!binding) return undefined;
  if (binding.annotation) return annotatedClass(binding.annotation, binding.scope, model);
  if (binding.kind === 'parameter') return receiverClass(binding, model) ?? fixtureClass(binding, model, steps, project);
  const value = binding.value;
  if (!value || binding.kind === 'import') return undefined;
  // `with Client() as client`: read as the class called, what most `__enter__` methods return.
  if (binding.kind !== 'assignment' && binding.kind !== 'namedExpression' && value.type !== 'call') return undefined;
  return valueClass(value, binding.scope, model, steps + 1, project);
}

/** For a method's first parameter (`self`): its class. Not a `@classmethod`'s (the class itself) nor a `@staticmethod`'s. */
function receiverClass(binding: Binding, model: SemanticModel): { readonly local: SyntaxNode } | undefined {
  const method = binding.scope;
  if (method.kind !== 'function' || method.parent?.kind !== 'class') return undefined;
  if (method.node.childForFieldName('parameters')?.firstNamedChild?.id !== binding.node.id) return undefined;
  const decorators = decoratorNames(method.node, model);
  if (decorators.includes('builtins.classmethod') || decorators.includes('builtins.staticmethod')) return undefined;
  return { local: method.parent.node };
}

/**
 * For a parameter of a test or fixture that receives a fixture of this file: the class of each value it hands out; of
 * a conftest.py above it, the class its summary says it hands out an instance of.
 */
function fixtureClass(binding: Binding, model: SemanticModel, steps: number, project: ProjectView | undefined): ClassReference | undefined {
  const requested = requestedFixture(binding, model);
  if (!requested) return undefined;
  if (!('definition' in requested)) return summaryClass(project?.conftestFixture(binding.name)?.className);
  const fixtureScope = model.scopeOfDefinition(requested.definition);
  const results = fixtureScope && fixtureResults(requested.definition, model);
  return results && sameClass(results.map((result) => valueClass(result, fixtureScope!, model, steps + 1, project)));
}

/**
 * For a parameter of a test or fixture that receives a fixture handing out a class itself, not an instance (`return
 * TestClient`): that class, which calling the parameter (`client_cls(app)`) makes an instance of. Of this file, the
 * class each value it hands out names; of a conftest.py above it, the one its summary names.
 */
function handedOutClass(binding: Binding, model: SemanticModel, project: ProjectView | undefined): ClassReference | undefined {
  const requested = requestedFixture(binding, model);
  if (!requested) return undefined;
  if (!('definition' in requested)) return summaryClass(project?.conftestFixture(binding.name)?.classObject);
  const fixtureScope = model.scopeOfDefinition(requested.definition);
  const results = fixtureScope && fixtureResults(requested.definition, model);
  return results && sameClass(results.map((result) => namedClass(result, fixtureScope!, model)));
}

/** A class a summary names (absolute), other than a builtin one (`builtins.type` for a class handed out itself). */
function summaryClass(name: string | undefined): ClassReference | undefined {
  return name === undefined || name.startsWith('builtins.') ? undefined : { name };
}

/**
 * The class a name stands for itself, not an instance of it: a class of this file (`TestClient`), or one imported and
 * spelled as a class is (`TestClient`, `HTTPError`; not `MAX_SIZE`).
 */
export function namedClass(name: SyntaxNode, scope: Scope, model: SemanticModel): ClassReference | undefined {
  if (name.type !== 'identifier') return undefined;
  const local = model.definitionOf(name, scope);
  if (local) return local.type === 'class_definition' ? { local } : undefined;
  const imported = model.resolve(name, scope)?.kind === 'import' ? model.qualifiedName(name, scope) : undefined;
  return imported !== undefined && CLASS_SPELLING.test(name.text) && !imported.startsWith('builtins.') ? { name: imported } : undefined;
}

/** A name spelled as a class is (`TestClient`, `HTTPError`), not as a constant (`MAX_SIZE`). */
const CLASS_SPELLING = /^_*[A-Z]\w*[a-z]/;

function callClass(
  call: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  steps: number,
  project: ProjectView | undefined,
): ClassReference | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'get') {
    // `subs.get(key)` (or with a default of None): one of the mapping's values, or None.
    const { positional, keywords } = callArguments(call);
    const fallback = positional[1];
    const mapping = callee.childForFieldName('object');
    if (mapping && positional.length <= 2 && keywords.size === 0 && (!fallback || unparenthesize(fallback).type === 'none'))
      return mappingValue(mapping, scope, model, steps, project);
  }
  return callee ? calledClass(callee, scope, model, steps, project) : undefined;
}

/** The class of what calling `callee` makes: the class it names, or the class the function it names is annotated to return. */
function calledClass(
  callee: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  steps: number,
  project: ProjectView | undefined,
): ClassReference | undefined {
  if (callee.type !== 'identifier' && callee.type !== 'attribute') return undefined;
  const local = model.definitionOf(callee, scope);
  if (local) return local.type === 'class_definition' ? { local } : returnedClass(local, model);
  const name = model.qualifiedName(callee, scope);
  if (name !== undefined) return name.startsWith('builtins.') ? undefined : (projectResultClass(name, project) ?? { name });
  if (callee.type === 'attribute') return methodResultClass(callee, scope, model, steps, project);
  // `client_cls(app)`, a fixture's parameter handed a class.
  const binding = model.resolve(callee, scope);
  return binding?.kind === 'parameter' ? handedOutClass(binding, model, project) : undefined;
}

/**
 * For `obj.method()`, `obj` an instance of a known class: the class the method is annotated to return (`def
 * get_event_loop(self) -> EventLoop`), a `def` of this file's class, or, through the project's summaries, another
 * module's (`self.server.get_event_loop()` where `self.server = config.get_server()` and `config: ConfigHelper`).
 */
function methodResultClass(
  callee: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  steps: number,
  project: ProjectView | undefined,
): ClassReference | undefined {
  const object = callee.childForFieldName('object');
  const method = callee.childForFieldName('attribute')?.text;
  const owner = object && method !== undefined ? valueClass(object, scope, model, steps + 1, project) : undefined;
  if (!owner) return undefined;
  if ('name' in owner) return projectResultClass(`${owner.name}.${method}`, project);
  const bindings = classBindings(owner.local, method!, model);
  const definition = bindings.length === 1 ? bindings[0]!.definition : undefined;
  return definition?.type === 'function_definition' ? returnedClass(definition, model) : undefined;
}

/**
 * For a function or method of another module (`ConfigHelper.get_server`, as the model names `config.get_server` where
 * `config: ConfigHelper`): the class its summary says it is annotated to return.
 */
function projectResultClass(name: string, project: ProjectView | undefined): ClassReference | undefined {
  const returned = project?.findFunction(project.absoluteName(name))?.returnsClass;
  return returned === undefined ? undefined : { name: returned };
}

/** The class a plain `def` of this file is annotated to return (`-> EventLoop`), where it names one (see annotatedClass). */
export function returnedClass(definition: SyntaxNode, model: SemanticModel): ClassReference | undefined {
  const annotation = definition.childForFieldName('return_type');
  const outer = model.scopeOfDefinition(definition)?.parent;
  if (!annotation || !outer || hasAsyncKeyword(definition) || isWrappedByDecorator(definition, model)) return undefined;
  return annotatedClass(annotation, outer, model);
}

/** The class of the values of `mapping`, a name or attribute annotated as a mapping (see mappingValueClass). */
function mappingValue(
  mapping: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  steps: number,
  project: ProjectView | undefined,
): ClassReference | undefined {
  const annotations = annotationsOf(mapping, scope, model, steps + 1, project);
  return sameClass(annotations.map(({ node, scope: where }) => mappingValueClass(node, where, model)));
}

/** A piece of code and the scope it is read in. */
interface ScopedCode {
  readonly node: SyntaxNode;
  readonly scope: Scope;
}

/** The annotations declaring what `expression` (a name, or an attribute of an instance of a class of this file) holds. */
function annotationsOf(
  expression: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  steps: number,
  project: ProjectView | undefined,
): readonly ScopedCode[] {
  const node = unparenthesize(expression);
  if (steps > MAX_STEPS) return [];
  if (node.type === 'identifier') {
    const binding = model.resolve(node, scope);
    if (binding?.annotation) return [{ node: binding.annotation, scope: binding.scope }];
    // `subs = self._subs`: the attribute's.
    const value = binding?.kind === 'assignment' ? binding.value : undefined;
    return value ? annotationsOf(value, binding!.scope, model, steps + 1, project) : [];
  }
  const owner = node.type === 'attribute' ? attributeOwner(node, scope, model, steps, project) : undefined;
  return owner ? (attributeDeclarations(owner.local, owner.name, model, steps, project)?.annotations ?? []) : [];
}

/** For `obj.name`: the class of this file `obj` is an instance of, and `name`. */
function attributeOwner(
  attribute: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  steps: number,
  project: ProjectView | undefined,
): { readonly local: SyntaxNode; readonly name: string } | undefined {
  const object = attribute.childForFieldName('object');
  const name = attribute.childForFieldName('attribute')?.text;
  const owner = object ? valueClass(object, scope, model, steps + 1, project) : undefined;
  return owner && 'local' in owner && name !== undefined ? { local: owner.local, name } : undefined;
}

/**
 * For `obj.name`, `obj` an instance of a class of this file: the class its annotations say (`self._client:
 * Optional[Client]` in a method, `lock: asyncio.Lock` in the class body), all of them alike; else, where none is
 * written, the class every value assigned to it calls (None aside: `self.lock = asyncio.Lock()`) or a parameter assigned
 * to it is annotated with (`self._state = state`, `state: BotState`), all alike.
 */
function attributeClass(
  attribute: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  steps: number,
  project: ProjectView | undefined,
): ClassReference | undefined {
  const owner = attributeOwner(attribute, scope, model, steps, project);
  const declared = owner && attributeDeclarations(owner.local, owner.name, model, steps, project);
  if (!declared) return undefined;
  if (declared.annotations.length > 0)
    return sameClass(declared.annotations.map(({ node, scope: where }) => annotatedClass(node, where, model)));
  // A value passed on (`self.metadata = metadata`) is whatever the caller gave: only a call says what class it is, or
  // the annotation of the parameter handed on (`metadata: Metadata`).
  const values = declared.values.map(({ node, scope: where }) => ({ node: unparenthesize(node), scope: where }));
  const made = values.filter(({ node }) => node.type !== 'none');
  if (!made.every(({ node, scope: where }) => node.type === 'call' || isAnnotatedParameter(node, where, model))) return undefined;
  return sameClass([
    ...made.map(({ node, scope: where }) => valueClass(node, where, model, steps + 1, project)),
    ...declared.protocolFactories.map(({ node, scope: where }) => factoryProductClass(node, where, model, steps + 1, project)),
  ]);
}

/**
 * The class of what the protocol factory `factory` makes when the loop calls it: the class it names (`Proto`), the one a
 * lambda calls (`lambda: Proto(handlers)`), or the one `functools.partial(Proto, handlers)` binds.
 */
function factoryProductClass(
  factory: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  steps: number,
  project: ProjectView | undefined,
): ClassReference | undefined {
  const node = unparenthesize(factory);
  if (node.type === 'lambda') {
    const body = node.childForFieldName('body');
    const made = body && unparenthesize(body);
    return made?.type === 'call' ? callClass(made, model.scopeOf(made), model, steps, project) : undefined;
  }
  if (node.type !== 'call') return calledClass(node, scope, model, steps, project);
  const bound = model.calleeName(node, scope) === 'functools.partial' ? argumentAt(node, 0, 'func') : undefined;
  return bound && calledClass(unparenthesize(bound), scope, model, steps, project);
}

/** A name of a parameter written with an annotation (`bot_state` of `def __init__(self, bot_state: BotState)`). */
function isAnnotatedParameter(node: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const binding = node.type === 'identifier' ? model.resolve(node, scope) : undefined;
  return binding?.kind === 'parameter' && binding.annotation !== undefined;
}

/**
 * What the file says of the attribute `name` of instances of `classDefinition`: the annotations and values of its class
 * body, and those of every assignment to `<receiver>.name` in the file whose receiver may be such an instance (not one
 * known to be of an unrelated class: a base class of this file is related, its methods run on such instances too), with
 * the protocol factories of the connections unpacked into it (`self.transport, self.name = await
 * loop.create_connection(factory, ...)`: see connectionProtocols). Undefined where the class body binds the name
 * otherwise (a method, a property), or an assignment sets it with others (`self.a, self.name = pair`) but there.
 */
function attributeDeclarations(
  classDefinition: SyntaxNode,
  name: string,
  model: SemanticModel,
  steps: number,
  project: ProjectView | undefined,
):
  | {
      readonly annotations: readonly ScopedCode[];
      readonly values: readonly ScopedCode[];
      readonly protocolFactories: readonly ScopedCode[];
    }
  | undefined {
  const classScope = model.scopeOfDefinition(classDefinition);
  if (!classScope) return undefined;
  const annotations: ScopedCode[] = [];
  const values: ScopedCode[] = [];
  for (const binding of model.bindingsIn(classScope, name)) {
    if (binding.annotation) annotations.push({ node: binding.annotation, scope: classScope });
    else if (binding.kind === 'assignment' && binding.value) values.push({ node: binding.value, scope: classScope });
    else return undefined;
  }
  const protocolFactories: ScopedCode[] = [];
  const assignments = attributeAssignments(name, model);
  if (assignments.some(({ unpacked, target }) => unpacked && !connectionProtocolFactory(target, model))) return undefined;
  for (const { target, scope, object, annotation, value, unpacked } of assignments) {
    const receiver = object ? valueClass(object, scope, model, steps + 1, project) : undefined;
    // Assignments through an instance of the class, of a class deriving from it, or of a base of it (whose methods, an
    // `__init__` setting `self.event_loop`, run on its instances too).
    const related =
      receiver &&
      'local' in receiver &&
      (derivesLocally(receiver.local, classDefinition, model, 0) || derivesLocally(classDefinition, receiver.local, model, 0));
    if (receiver && !related) continue;
    if (unpacked) protocolFactories.push({ node: connectionProtocolFactory(target, model)!, scope });
    else if (annotation) annotations.push({ node: annotation, scope });
    else if (value) values.push({ node: value, scope });
  }
  return { annotations, values, protocolFactories };
}

/**
 * An assignment to `<object>.name`: `self.loop = loop`, `self.loop: Loop = make()`, or one setting it with others
 * (`self.reader, self.writer = pair`: `unpacked`, whose `value` is the whole right side, and no annotation; a `for`
 * target too, with no value).
 */
interface AttributeAssignment {
  /** The attribute assigned (`self.loop`). */
  readonly target: SyntaxNode;
  readonly object: SyntaxNode | null;
  readonly scope: Scope;
  readonly unpacked: boolean;
  readonly annotation: SyntaxNode | null;
  readonly value: SyntaxNode | null;
}

/** Per model and attribute name: its assignments (see attributeAssignments). */
const assignmentsByModel = new WeakMap<SemanticModel, Map<string, readonly AttributeAssignment[]>>();

/**
 * Every assignment in the file to an attribute `name` of any object, in source order. Read once per model and name:
 * rules ask about the same attribute for many calls (`self.loop` in each test of a module mentioning `loop` thousands
 * of times), and going from every mention up to its assignment made syntax nodes each time.
 */
export function attributeAssignments(name: string, model: SemanticModel): readonly AttributeAssignment[] {
  // Asked every time: it records what the answer depends on (any statement mentioning the name).
  const mentions = model.mentionsOf(name);
  let byName = assignmentsByModel.get(model);
  if (!byName) assignmentsByModel.set(model, (byName = new Map()));
  let found = byName.get(name);
  if (found === undefined) {
    found = readAttributeAssignments(mentions, model);
    byName.set(name, found);
  }
  return found;
}

function readAttributeAssignments(mentions: readonly SyntaxNode[], model: SemanticModel): AttributeAssignment[] {
  const assignments: AttributeAssignment[] = [];
  for (const mention of mentions) {
    const target = mention.parent;
    if (target?.type !== 'attribute' || target.childForFieldName('attribute')?.id !== mention.id) continue;
    const parent = target.parent;
    const unpacked = parent !== null && PATTERNS.has(parent.type);
    const assignment = unpacked ? parent.parent : parent;
    const left = unpacked ? parent : target;
    const assigned = assignment?.type === 'assignment' && assignment.childForFieldName('left')?.id === left.id;
    if (!assigned && !unpacked) continue;
    assignments.push({
      target,
      object: target.childForFieldName('object'),
      scope: model.scopeOf(target),
      unpacked,
      annotation: assigned && !unpacked ? assignment.childForFieldName('type') : null,
      value: assigned ? assignment.childForFieldName('right') : null,
    });
  }
  return assignments;
}

/** Whether the class of this file `classDefinition` is `base` or derives from it through classes of this file. */
function derivesLocally(classDefinition: SyntaxNode, base: SyntaxNode, model: SemanticModel, depth: number): boolean {
  if (classDefinition.id === base.id) return true;
  if (depth >= MAX_DEPTH) return false;
  const scope = model.scopeOf(classDefinition);
  return (classDefinition.childForFieldName('superclasses')?.namedChildren ?? []).some((written) => {
    const definition = model.definitionOf(written, scope);
    return definition?.type === 'class_definition' && derivesLocally(definition, base, model, depth + 1);
  });
}

/** The class all of `classes` are, if they are one (and there is one). */
function sameClass(classes: readonly (ClassReference | undefined)[]): ClassReference | undefined {
  const [first] = classes;
  const same = (other: ClassReference | undefined): boolean =>
    other !== undefined &&
    ('local' in first! ? 'local' in other && other.local.id === first.local.id : 'name' in other && other.name === first!.name);
  return first && classes.every(same) ? first : undefined;
}

/**
 * The `def` of this file a call runs: what `SemanticModel.calleeDefinition` finds (`helper()`, `self.method()`), or a
 * method of a class of this file called on an instance of it (see valueClass: `heartbeat.run()` where `heartbeat =
 * Heartbeat()`, `sub._schedule_resubscribe()` where `sub = self._subs.get(channel)`, `self._client._resubscribe()`),
 * when the class binds the name once, to a `def`.
 */
export function calledDefinition(call: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode | undefined {
  const direct = model.calleeDefinition(call, scope);
  if (direct) return direct;
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  const method = callee?.childForFieldName('attribute')?.text;
  if (!receiver || method === undefined) return undefined;
  const owner = valueClass(receiver, scope, model);
  if (!owner || !('local' in owner)) return undefined;
  const bindings = classBindings(owner.local, method, model);
  return bindings.length === 1 && bindings[0]!.kind === 'function' ? bindings[0]!.definition : undefined;
}

/** What the body of `classDefinition`, a class of this file, binds to `name` (its methods and attributes). */
function classBindings(classDefinition: SyntaxNode, name: string, model: SemanticModel): readonly Binding[] {
  const classScope = model.scopeOfDefinition(classDefinition);
  return classScope ? model.bindingsIn(classScope, name) : [];
}

/** Whether the class derives (directly or not) from one of `wanted`: through this file's classes and the project's. */
export function classDerivesFrom(
  reference: ClassReference,
  wanted: ReadonlySet<string>,
  context: Pick<RuleContext, 'model' | 'project'>,
): boolean {
  if ('local' in reference) return derivesFrom(reference.local, wanted, context);
  const seen = new Set<string>();
  let layer = [reference.name];
  for (let depth = 0; layer.length > 0 && depth < MAX_DEPTH; depth++) {
    const next: string[] = [];
    for (const name of layer) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (depth > 0 && wanted.has(name)) return true;
      next.push(...(context.project?.classBases(name) ?? []));
    }
    layer = next;
  }
  return false;
}

/**
 * Whether the class's attribute `name` is a method defined by a plain `def` (no decorator but `staticmethod`,
 * `classmethod` and the like: not a `@property`), which no method of a class of this file sets on an instance
 * (`self.ready = ...`): reading it without a call gives the bound method, always true. A method it inherits is not
 * looked for.
 */
export function isPlainMethod(
  reference: ClassReference,
  name: string,
  { model, project }: Pick<RuleContext, 'model' | 'project'>,
): boolean {
  if ('name' in reference) {
    const method = project?.findFunction(`${reference.name}.${name}`);
    return !!method && !method.isAsync && !method.isGeneratorFunction && !method.wrappedByDecorator && !method.runsArgumentInThread;
  }
  const bindings = classBindings(reference.local, name, model);
  return (
    bindings.length > 0 &&
    bindings.every(
      (binding) => binding.kind === 'function' && binding.definition !== undefined && !isWrappedByDecorator(binding.definition, model),
    ) &&
    !reference.local
      .descendantsOfType('assignment')
      .some((assignment) => assignedAttribute(assignment.childForFieldName('left'), 'self') === name)
  );
}
