// Builds scopes and bindings from the nodes a `descendantsOfType` pass collected (for the whole file
// or one top-level statement). Working from a pre-filtered node list (not a full tree walk) keeps the
// cost proportional to the statements that matter, which is most of the linter's speed.
import { COMPREHENSION_KINDS, hasAsyncKeyword, targetIdentifiers } from './pythonSyntax';
import type { SyntaxNode } from './pythonParser';
import { Scope, type Binding, type BindingKind } from './scope';

/** Node kinds the scope builder itself needs, whatever rules are enabled. */
export const SCOPE_BUILDER_KINDS: readonly string[] = [
  'function_definition',
  'class_definition',
  'lambda',
  ...COMPREHENSION_KINDS,
  'import_statement',
  'import_from_statement',
  'assignment',
  'augmented_assignment',
  'named_expression',
  'for_statement',
  'for_in_clause',
  'with_statement',
  'except_clause',
  'global_statement',
  'nonlocal_statement',
  'call',
  'await',
  'yield',
  // Conditional constructs, collected for the conditions calls run under (callCondition.ts); loops too (a `for`
  // statement is above), whose bodies run only where there is something to run them for.
  'while_statement',
  'if_statement',
  'elif_clause',
  'conditional_expression',
  'boolean_operator',
];

/** Node kinds that are also the kind of a keyword token. */
const KEYWORD_NAMED_KINDS: ReadonlySet<string> = new Set(['await', 'lambda', 'yield', 'type']);

/** A collected node with its kind (read once: every property read crosses into wasm) and scope. */
export interface ScopedNode {
  readonly node: SyntaxNode;
  readonly kind: string;
  readonly scope: Scope;
}

/**
 * Builds scopes and bindings from collected nodes, one batch at a time: the whole file at once, or
 * top-level statements one by one (the semantic model builds some of them only when a question needs them).
 */
export class ScopeTreeBuilder {
  readonly module: Scope;
  /** Every scope, in the order they were built (source order when the file is built at once). */
  readonly scopes: Scope[];

  constructor(root: SyntaxNode) {
    this.module = new Scope('module', root, undefined, 0, Number.POSITIVE_INFINITY, false);
    this.scopes = [this.module];
  }

  /** Adds the scopes and bindings of `nodes`: whole top-level statements' nodes, in source order. */
  add(nodes: readonly SyntaxNode[]): ScopedNode[] {
    const { module, scopes } = this;
    const open: Scope[] = [module];
    const scoped: ScopedNode[] = [];

    const scopeAt = (index: number): Scope => {
      while (open.length > 1 && open[open.length - 1]!.end <= index) open.pop();
      for (let i = open.length - 1; i > 0; i--) {
        const scope = open[i]!;
        if (scope.start <= index && index < scope.end) return scope;
      }
      return module;
    };
    const openScope = (scope: Scope): void => {
      scopes.push(scope);
      open.push(scope);
    };

    for (const node of nodes) {
      const kind = node.type;
      // `descendantsOfType('await')` also yields the anonymous `await` keyword token inside each await
      // node (likewise `lambda`, `yield`, `type`); only the named nodes are syntax the model wants.
      if (KEYWORD_NAMED_KINDS.has(kind) && !node.isNamed) continue;
      const scope = scopeAt(node.startIndex);
      scoped.push({ node, kind, scope });
      switch (kind) {
        case 'function_definition': {
          const name = node.childForFieldName('name');
          if (name) bind(scope, name, 'function', { definition: node });
          const body = node.childForFieldName('body');
          const inner = new Scope(
            'function',
            node,
            scope,
            body?.startIndex ?? node.endIndex,
            body?.endIndex ?? node.endIndex,
            hasAsyncKeyword(node),
          );
          bindParameters(inner, node.childForFieldName('parameters'));
          openScope(inner);
          break;
        }
        case 'class_definition': {
          const name = node.childForFieldName('name');
          if (name) bind(scope, name, 'class', { definition: node });
          const body = node.childForFieldName('body');
          openScope(new Scope('class', node, scope, body?.startIndex ?? node.endIndex, body?.endIndex ?? node.endIndex, false));
          break;
        }
        case 'lambda': {
          const body = node.childForFieldName('body');
          const inner = new Scope('lambda', node, scope, body?.startIndex ?? node.endIndex, body?.endIndex ?? node.endIndex, false);
          bindParameters(inner, node.childForFieldName('parameters'));
          openScope(inner);
          break;
        }
        case 'list_comprehension':
        case 'set_comprehension':
        case 'dictionary_comprehension':
        case 'generator_expression':
          openScope(new Scope('comprehension', node, scope, node.startIndex, node.endIndex, false));
          break;
        case 'import_statement':
          bindImport(scope, node);
          break;
        case 'import_from_statement':
          bindImportFrom(scope, node);
          break;
        case 'assignment':
          bindAssignment(scope, node);
          break;
        case 'augmented_assignment': {
          const left = node.childForFieldName('left');
          if (left?.type === 'identifier') bind(scope, left, 'augmentedAssignment');
          break;
        }
        case 'named_expression': {
          // PEP 572: the walrus binds in the nearest enclosing non-comprehension scope.
          let target = scope;
          while (target.kind === 'comprehension' && target.parent) target = target.parent;
          const name = node.childForFieldName('name');
          const value = node.childForFieldName('value');
          if (name) bind(target, name, 'namedExpression', value ? { value } : {});
          break;
        }
        case 'for_statement':
        case 'for_in_clause': {
          const left = node.childForFieldName('left');
          if (left) for (const identifier of targetIdentifiers(left)) bind(scope, identifier, 'loopTarget');
          if (hasAsyncKeyword(node)) scope.collect('asyncStatement', node);
          if (kind === 'for_statement') scope.collect('conditional', node);
          break;
        }
        case 'with_statement':
          bindWithTargets(scope, node);
          if (hasAsyncKeyword(node)) scope.collect('asyncStatement', node);
          break;
        case 'except_clause': {
          scope.collect('conditional', node);
          // `except E as e:` parses as an as_pattern whose alias is the bound name.
          for (const child of node.namedChildren) {
            const alias = child.type === 'as_pattern' ? child.childForFieldName('alias') : null;
            if (alias) for (const identifier of targetIdentifiers(alias)) bind(scope, identifier, 'exceptTarget');
          }
          break;
        }
        case 'global_statement':
          for (const name of node.namedChildren) if (name.type === 'identifier') scope.globals.add(name.text);
          break;
        case 'nonlocal_statement':
          for (const name of node.namedChildren) if (name.type === 'identifier') scope.nonlocals.add(name.text);
          break;
        case 'call':
          scope.collect('call', node);
          break;
        case 'await':
          scope.collect('await', node);
          break;
        case 'yield':
          scope.collect('yield', node);
          break;
        case 'while_statement':
        case 'if_statement':
        case 'elif_clause':
        case 'conditional_expression':
        case 'boolean_operator':
          scope.collect('conditional', node);
          break;
      }
    }
    return scoped;
  }
}

function bind(
  scope: Scope,
  node: SyntaxNode,
  kind: BindingKind,
  extra: { importedName?: string; value?: SyntaxNode; annotation?: SyntaxNode; definition?: SyntaxNode } = {},
): void {
  const name = node.text;
  const target = declaringScope(scope, name);
  const binding: Binding = { name, kind, scope: target, node, position: node.startIndex, ...extra };
  target.addBinding(binding);
}

/** After `global x` a binding of x lands in the module; after `nonlocal x`, in the enclosing function that has x. */
function declaringScope(scope: Scope, name: string): Scope {
  if (scope.globals.has(name)) {
    let module = scope;
    while (module.parent) module = module.parent;
    return module;
  }
  if (scope.nonlocals.has(name)) {
    for (let outer = scope.parent; outer; outer = outer.parent) {
      if (outer.kind === 'function' && outer.bindings.has(name)) return outer;
    }
  }
  return scope;
}

function bindParameters(scope: Scope, parameters: SyntaxNode | null): void {
  for (const parameter of parameters?.namedChildren ?? []) {
    switch (parameter.type) {
      case 'identifier':
        bind(scope, parameter, 'parameter');
        break;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = parameter.childForFieldName('name');
        const annotation = parameter.childForFieldName('type');
        if (name?.type === 'identifier') bind(scope, name, 'parameter', annotation ? { annotation } : {});
        break;
      }
      case 'typed_parameter': {
        const annotation = parameter.childForFieldName('type');
        const name = parameter.namedChildren.find((child) => child.type !== 'type');
        const identifier = name?.type === 'identifier' ? name : name?.firstNamedChild;
        if (identifier?.type === 'identifier') bind(scope, identifier, 'parameter', annotation ? { annotation } : {});
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const identifier = parameter.firstNamedChild;
        if (identifier?.type === 'identifier') bind(scope, identifier, 'parameter');
        break;
      }
    }
  }
}

function bindImport(scope: Scope, node: SyntaxNode): void {
  for (const imported of node.childrenForFieldName('name')) {
    if (imported.type === 'aliased_import') {
      const alias = imported.childForFieldName('alias');
      const name = imported.childForFieldName('name');
      if (alias && name) bind(scope, alias, 'import', { importedName: dotted(name) });
    } else if (imported.type === 'dotted_name') {
      // `import os.path` binds `os`; `os.path.join` then resolves to `os.path.join` as written.
      const first = imported.firstNamedChild;
      if (first) bind(scope, first, 'import', { importedName: first.text });
    }
  }
}

function bindImportFrom(scope: Scope, node: SyntaxNode): void {
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return;
  const module = dotted(moduleNode);
  const qualify = (name: string): string => (module.endsWith('.') ? module + name : `${module}.${name}`);
  for (const child of node.namedChildren) {
    if (child.type === 'wildcard_import') scope.wildcardImports.push(module);
  }
  for (const imported of node.childrenForFieldName('name')) {
    if (imported.type === 'aliased_import') {
      const alias = imported.childForFieldName('alias');
      const name = imported.childForFieldName('name');
      if (alias && name) bind(scope, alias, 'import', { importedName: qualify(dotted(name)) });
    } else if (imported.type === 'dotted_name') {
      bind(scope, imported, 'import', { importedName: qualify(dotted(imported)) });
    }
  }
}

function bindAssignment(scope: Scope, node: SyntaxNode): void {
  const left = node.childForFieldName('left');
  if (!left) return;
  let value = node.childForFieldName('right');
  // `a = b = f()`: the inner assignment is collected on its own; the value is the innermost right side.
  while (value?.type === 'assignment') value = value.childForFieldName('right');
  const annotation = node.childForFieldName('type');
  if (left.type === 'identifier') {
    const extra: { value?: SyntaxNode; annotation?: SyntaxNode } = {};
    if (value) extra.value = value;
    if (annotation) extra.annotation = annotation;
    bind(scope, left, value ? 'assignment' : 'annotation', extra);
    return;
  }
  for (const identifier of targetIdentifiers(left)) bind(scope, identifier, 'assignment');
}

function bindWithTargets(scope: Scope, node: SyntaxNode): void {
  for (const clause of node.namedChildren) {
    if (clause.type !== 'with_clause') continue;
    for (const item of clause.namedChildren) {
      const value = item.childForFieldName('value');
      if (value?.type !== 'as_pattern') continue;
      const contextManager = value.firstNamedChild;
      const alias = value.childForFieldName('alias');
      if (!alias) continue;
      for (const identifier of targetIdentifiers(alias)) {
        bind(scope, identifier, 'withTarget', contextManager ? { value: contextManager } : {});
      }
    }
  }
}

/** The text of a dotted or relative module name without inner whitespace (`from . db import x` is legal). */
function dotted(node: SyntaxNode): string {
  return node.text.replace(/\s+/g, '');
}
