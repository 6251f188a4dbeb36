// Answers the questions rules ask about a Python file — which scope, is it async, what does this
// name refer to, what is this value — so that rules never walk raw syntax trees themselves.
import { attributeType, callResultType, canonicalName } from './knownTypes';
import type { SyntaxNode } from './pythonParser';
import { BUILTIN_NAMES, starImportShadowsBuiltin } from './pythonBuiltins';
import { isStaticMethod, lastStartingAtOrBefore, unparenthesize } from './pythonSyntax';
import { reachesRead } from './reachingAssignments';
import type { Binding, Scope } from './scope';
import { SCOPE_BUILDER_KINDS, ScopeTreeBuilder, type ScopedNode } from './scopeTreeBuilder';
import {
  alternativesWithAttribute,
  annotationAlternatives,
  joinedAlternatives,
  narrowedAlternatives,
  soleAlternative,
  type Alternatives,
} from './typeAlternatives';
import { UnreachableBranches, type SourceSpan } from './unreachableBranches';

/** Alias chains (`s = time.sleep; t = s`) and recursive types are followed this deep at most. */
const MAX_RESOLUTION_DEPTH = 8;

/** A dotted name immediately followed by `(`, matched at a call's start offset. */
const CALLEE_PREFIX = /[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*(?=\()/uy;

/** `name` or `a.b.c` with nothing else (no calls, subscripts, comments or line breaks). */
const DOTTED_NAME = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u;

const IMPORT_NAME_PARENTS = new Set(['dotted_name', 'aliased_import', 'import_statement', 'import_from_statement', 'relative_import']);

/**
 * Top-level statements the model builds each only when a question needs it: the language server
 * re-checks only the statements an edit may have changed, and the rest of the file is asked about rarely.
 */
interface DeferredStatements {
  /** In source order. */
  readonly statements: readonly { readonly node: SyntaxNode }[];
  /**
   * The statements that may bind `name` in the module or define it anywhere inside (def and class names), as indexes
   * of `statements`, in source order.
   */
  definers(name: string): readonly number[] | undefined;
  /**
   * Whether statement `index` may import modules (module-level code): built before the module's imports are listed.
   * With `module`: whether it may import that one (its text names it).
   */
  mayImport(index: number, module?: string): boolean;
}

const NOT_DEFERRED: DeferredStatements = { statements: [], definers: () => undefined, mayImport: () => false };

/** What answers may depend on besides module-level names (names no identifier can have): the module's imports. */
export const MODULE_IMPORTS = '<module imports>';
/** Where a new import goes: after the docstring and imports that open the module, else before its first statement. */
export const MODULE_HEADER = '<module header>';
/** The calls, awaits, yields and async statements of the module's own code (outside functions and classes). */
export const MODULE_CODE = '<module code>';
/** The top-level statement just before the one being checked (whether it is broken code, say). */
export const PRECEDING_STATEMENT = '<preceding statement>';

/** Every place that writes `name` (`references`): an answer depending on a function's callers, say. */
export function referencesOf(name: string): string {
  return `${REFERENCES_OF}${name}>`;
}

/** How referencesOf's names begin. */
export const REFERENCES_OF = '<references of ';

export class SemanticModel {
  private readonly builder: ScopeTreeBuilder;
  /** Nodes of the statements built up front, in source order. */
  private readonly builtNodes: readonly ScopedNode[];
  private readonly scopeByDefinition = new Map<number, Scope>();
  private indexedScopes = 0;
  /** Several rules ask for the callee of the same call; resolve it once. */
  private readonly calleeNames = new Map<number, string | undefined>();
  private readonly calleeTexts = new Map<number, string>();
  private readonly calleeLastNames = new Map<number, string>();
  /** The identifiers spelled each name asked about (see identifiersNamed). */
  private readonly identifiersByName = new Map<string, readonly SyntaxNode[]>();
  private bindingSites: Set<number> | undefined;
  /**
   * What the built statements import, and the packages holding it (`a`, `a.b`, `a.b.c` for `import a.b.c`), for
   * importsModule: module summaries ask it for most calls, and it went through the module's bindings each time. Listed
   * again once more statements are built.
   */
  private importedModules: Set<string> | undefined;
  private readonly compoundCallees = new Set<number>();
  private readonly receivers = new Map<Scope, number | undefined>();
  private readonly valueTypes = new Map<
    Binding,
    Map<number, { readonly types: Alternatives | undefined; readonly asked: ReadonlySet<string> }>
  >();
  /**
   * Set while the type of a binding's value is worked out: a name read there is given its binding's type alone, without
   * the other bindings that may reach it (see identifierAlternatives), which keeps the work linear in the chain.
   */
  private readingBindingValue = false;
  private asyncFunctionNames: { readonly scopeCount: number; readonly names: ReadonlySet<string> } | undefined;
  private readonly unreachable = new UnreachableBranches(this);

  /** Deferred statements, and the nodes of those built (by index). */
  private readonly deferred: DeferredStatements;
  private readonly deferredNodes: (readonly ScopedNode[] | undefined)[];
  private builtDeferred = 0;
  /** Module-level names asked about since `recordModuleNames` (what a statement's diagnostics depend on). */
  private recordedNames: Set<string> | undefined;

  /**
   * The root's text, from `sourceStart`: the root node begins at the file's first token, so a file
   * opening with blank lines (or a lone `\r`) has its root's text start after them.
   */
  private readonly source: string;
  /** The UTF-16 offset of `source` in the parsed text (node offsets index the whole text). */
  private readonly sourceStart: number;

  private constructor(
    readonly root: SyntaxNode,
    private readonly kinds: string[],
    nodes: readonly SyntaxNode[],
    deferred: DeferredStatements,
  ) {
    this.source = root.text;
    this.sourceStart = root.startIndex;
    this.builder = new ScopeTreeBuilder(root);
    this.builtNodes = this.addNodes(nodes);
    this.deferred = deferred;
    this.deferredNodes = new Array<readonly ScopedNode[] | undefined>(deferred.statements.length);
    // Recorded by a model built at once too: the first lint's memo must say which statements read the
    // module's code, or the next lint keeps their diagnostics when that code changes.
    this.builder.module.beforeCollectedRead = () => {
      this.recordDependency(MODULE_CODE);
      this.buildAllDeferred();
    };
  }

  /**
   * Collects every node of the scope builder's kinds plus `extraKinds` in one pass inside the
   * wasm parser, then builds scopes from that list.
   */
  static build(root: SyntaxNode, extraKinds: Iterable<string> = []): SemanticModel {
    const kinds = modelKinds(extraKinds);
    return new SemanticModel(root, kinds, root.descendantsOfType(kinds), NOT_DEFERRED);
  }

  /**
   * A model of `root` whose top-level statements (`statements`, in source order) are built one by
   * one when a question needs them: a name they define is looked up, a position inside them is asked
   * about, or `nodesOf` wants their nodes. Answers are the same as for a model built at once.
   */
  static buildDeferring(root: SyntaxNode, extraKinds: Iterable<string>, statements: DeferredStatements): SemanticModel {
    return new SemanticModel(root, modelKinds(extraKinds), [], statements);
  }

  /** The collected nodes of deferred statement `index`, in source order, each with its kind and scope (builds it). */
  nodesOf(index: number): readonly ScopedNode[] {
    let nodes = this.deferredNodes[index];
    if (!nodes) {
      nodes = this.addNodes(this.deferred.statements[index]!.node.descendantsOfType(this.kinds));
      this.deferredNodes[index] = nodes;
      this.builtDeferred++;
    }
    return nodes;
  }

  private buildAllDeferred(): void {
    if (this.builtDeferred === this.deferredNodes.length) return;
    for (let index = 0; index < this.deferredNodes.length; index++) this.nodesOf(index);
  }

  get module(): Scope {
    return this.builder.module;
  }

  /** Every scope of the file, in source order (builds deferred statements). */
  /** Whether the module's text contains `text` anywhere (a cheap test before a question that reads every scope). */
  textContains(text: string): boolean {
    return this.source.includes(text);
  }

  get scopes(): readonly Scope[] {
    if (this.deferredNodes.length === 0) return this.builder.scopes;
    this.buildAllDeferred();
    return [...this.builder.scopes].sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  /** The collected nodes of a model built at once, in source order, each with its kind and scope. */
  get nodes(): readonly ScopedNode[] {
    return this.builtNodes;
  }

  /**
   * Starts recording the module-level names questions ask about (looked up, or searched for as
   * definitions); `takeRecordedNames` returns them. The linter records per statement.
   */
  recordModuleNames(): void {
    this.recordedNames = new Set();
  }

  takeRecordedNames(): ReadonlySet<string> {
    const names = this.recordedNames ?? new Set<string>();
    this.recordedNames = undefined;
    return names;
  }

  /** Records that the answer being worked out depends on `name` (see `recordModuleNames`). */
  recordDependency(name: string): void {
    this.recordedNames?.add(name);
  }

  /**
   * Runs `work` and returns, with its value, the module-level names it asked about, which the answer being worked out
   * depends on too. What a rule keeps from one statement's check to another's (a function's blocking chains) names them
   * again with `recordDependency` when reused: a statement whose finding came from the kept answer depends on them as
   * the statement that first worked it out does.
   */
  dependenciesOf<T>(work: () => T): { readonly value: T; readonly names: ReadonlySet<string> } {
    const outer = this.recordedNames;
    const names = new Set<string>();
    this.recordedNames = names;
    try {
      return { value: work(), names };
    } finally {
      this.recordedNames = outer;
      if (outer) for (const name of names) outer.add(name);
    }
  }

  /** The module's import bindings, in source order. */
  moduleImports(): Binding[] {
    this.recordDependency(MODULE_IMPORTS);
    for (let index = 0; index < this.deferredNodes.length; index++) if (this.deferred.mayImport(index)) this.nodesOf(index);
    return [...this.builder.module.bindings.values()]
      .flat()
      .filter((binding) => binding.kind === 'import')
      .sort((a, b) => a.position - b.position);
  }

  /**
   * Whether the module imports `module` or something in it (`import trio.lowlevel`, `from anyio import sleep`)
   * anywhere. Builds, of the deferred statements, only those that may import it, until one does: listing every import
   * built every import statement of the file on each re-lint that asked.
   */
  importsModule(module: string): boolean {
    this.recordDependency(MODULE_IMPORTS);
    if (this.hasImportOf(module)) return true;
    for (let index = 0; index < this.deferredNodes.length; index++) {
      if (this.deferredNodes[index] || !this.deferred.mayImport(index, module)) continue;
      this.nodesOf(index);
      if (this.hasImportOf(module)) return true;
    }
    return false;
  }

  private hasImportOf(module: string): boolean {
    if (!this.importedModules) {
      const modules = new Set<string>();
      for (const bindings of this.builder.module.bindings.values()) {
        for (const { kind, importedName } of bindings) {
          if (kind !== 'import' || importedName === undefined) continue;
          modules.add(importedName);
          for (let dot = importedName.indexOf('.'); dot >= 0; dot = importedName.indexOf('.', dot + 1))
            modules.add(importedName.slice(0, dot));
        }
      }
      this.importedModules = modules;
    }
    return this.importedModules.has(module);
  }

  /** The bindings of `name` in `scope`, in source order. */
  bindingsIn(scope: Scope, name: string): readonly Binding[] {
    if (scope.kind === 'module') this.prepareModuleName(name);
    return scope.bindings.get(name) ?? [];
  }

  /** Whether the file has an `async def` named `name`, at any depth (a method, a nested function). */
  definesAsyncFunction(name: string): boolean {
    this.prepareModuleName(name);
    const scopes = this.builder.scopes;
    if (this.asyncFunctionNames?.scopeCount !== scopes.length) {
      const names = new Set(scopes.filter((scope) => scope.kind === 'function' && scope.isAsyncFunction).map((scope) => scope.name));
      this.asyncFunctionNames = { scopeCount: scopes.length, names };
    }
    return this.asyncFunctionNames.names.has(name);
  }

  private addNodes(nodes: readonly SyntaxNode[]): ScopedNode[] {
    const scoped = this.builder.add(nodes);
    this.importedModules = undefined;
    const scopes = this.builder.scopes;
    for (; this.indexedScopes < scopes.length; this.indexedScopes++) {
      const scope = scopes[this.indexedScopes]!;
      if (scope.kind !== 'module') this.scopeByDefinition.set(scope.node.id, scope);
    }
    // Calls whose callee is itself a call starting at the same offset (`Path(p).read_text()`): their
    // text begins with the inner call's name, so reading the callee as a plain prefix does not apply.
    // In source order the inner call comes right after the outer one.
    let previous: SyntaxNode | undefined;
    for (const { node, kind, scope } of scoped) {
      if (kind === 'if_statement' || kind === 'elif_clause')
        this.unreachable.collect(node, kind === 'elif_clause', scope, this.source, this.sourceStart);
      if (kind !== 'call') continue;
      if (previous && previous.startIndex === node.startIndex) this.compoundCallees.add(previous.id);
      previous = node;
    }
    return scoped;
  }

  /** Before answering about a module-level name: record it, and build the deferred statements defining it. */
  private prepareModuleName(name: string): void {
    this.recordedNames?.add(name);
    const definers = this.deferred.definers(name);
    if (definers) for (const index of definers) this.nodesOf(index);
  }

  /**
   * Before `bindingAt(name, position)` in the module: records the name and builds the deferred
   * statements that can hold the answer, the last binding at or before `position` (else the first):
   * the nearest defining statements before it, going back until one binds the name in the module.
   */
  private prepareModuleBinding(name: string, position: number): void {
    this.recordedNames?.add(name);
    const definers = this.deferred.definers(name);
    if (!definers) return;
    const bindsHere = (index: number, upTo: number): boolean => {
      this.nodesOf(index);
      const { startIndex, endIndex } = this.deferred.statements[index]!.node;
      return (this.builder.module.bindings.get(name) ?? []).some(
        (binding) => binding.position >= startIndex && binding.position < endIndex && binding.position <= upTo,
      );
    };
    let before = definers.length - 1;
    while (before >= 0 && this.deferred.statements[definers[before]!]!.node.startIndex > position) before--;
    for (let i = before; i >= 0; i--) if (bindsHere(definers[i]!, position)) return;
    for (const index of definers) if (bindsHere(index, Number.POSITIVE_INFINITY)) return;
  }

  /** Builds the deferred statement containing source offset `index`, if any. */
  private prepareIndex(index: number): void {
    if (this.builtDeferred === this.deferredNodes.length) return;
    const { statements } = this.deferred;
    const candidate = lastStartingAtOrBefore(statements, index, (statement) => statement.node);
    if (candidate >= 0 && !this.deferredNodes[candidate] && index < statements[candidate]!.node.endIndex) this.nodesOf(candidate);
  }

  /** The innermost scope whose code contains source offset `index`. */
  scopeAt(index: number): Scope {
    this.prepareIndex(index);
    let scope = this.builder.module;
    for (;;) {
      const children = scope.children;
      let low = 0;
      let high = children.length - 1;
      let next: Scope | undefined;
      while (low <= high) {
        const middle = (low + high) >> 1;
        const child = children[middle]!;
        if (index < child.start) high = middle - 1;
        else if (index >= child.end) low = middle + 1;
        else {
          next = child;
          break;
        }
      }
      if (!next) return scope;
      scope = next;
    }
  }

  scopeOf(node: SyntaxNode): Scope {
    return this.scopeAt(node.startIndex);
  }

  /** The scope a `def`, `class`, `lambda` or comprehension node opens. */
  scopeOfDefinition(definition: SyntaxNode): Scope | undefined {
    this.prepareIndex(definition.startIndex);
    return this.scopeByDefinition.get(definition.id);
  }

  isInAsyncContext(node: SyntaxNode): boolean {
    return this.scopeOf(node).isAsyncContext;
  }

  /** The binding `name` refers to when used in `scope` at `position`, following Python's LEGB rule. */
  lookup(name: string, scope: Scope, position: number): Binding | undefined {
    let current: Scope | undefined = scope;
    let isInnermost = true;
    while (current) {
      if (current.globals.has(name)) {
        this.prepareModuleBinding(name, position);
        return this.reachableBindingAt(this.builder.module, name, position, position);
      }
      if (current.nonlocals.has(name)) {
        isInnermost = false;
        current = current.parent;
        continue;
      }
      if (current.kind === 'module') this.prepareModuleBinding(name, position);
      // A class body's names are not visible from functions or comprehensions nested in it.
      if (isInnermost || current.kind !== 'class') {
        const binding = this.reachableBindingAt(current, name, position, position);
        if (binding) return binding;
      }
      isInnermost = false;
      current = current.parent;
    }
    return undefined;
  }

  resolve(identifier: SyntaxNode, scope: Scope = this.scopeOf(identifier)): Binding | undefined {
    return this.lookup(identifier.text, scope, identifier.startIndex);
  }

  /**
   * `scope.bindingAt(name, position)`, passing over bindings in branches that never run (see unreachableBranches.ts)
   * for code at `use` that does run: after `if _IS_SYNC: woken = threading.Event()` / `else: woken = asyncio.Event()`
   * with `_IS_SYNC = True`, `woken` is the `threading.Event`.
   */
  private reachableBindingAt(scope: Scope, name: string, position: number, use: number): Binding | undefined {
    const binding = scope.bindingAt(name, position);
    if (!binding || this.unreachable.isEmpty) return binding;
    // Re-linting, a module name's defining statements are built one at a time (see prepareModuleBinding): where it has
    // several, another binding may stand in one not built yet.
    const unbuilt = scope.kind === 'module' && (this.deferred.definers(name)?.length ?? 0) > 1;
    if (!unbuilt && scope.bindings.get(name)!.length < 2) return binding;
    if (!this.unreachable.contains(binding.position) || this.unreachable.contains(use)) return binding;
    if (unbuilt) this.prepareModuleName(name);
    if (scope.bindings.get(name)!.length < 2) return binding;
    const reachable = scope.bindings.get(name)!.filter((candidate) => !this.unreachable.contains(candidate.position));
    return reachable.findLast((candidate) => candidate.position <= position) ?? reachable[0] ?? binding;
  }

  /**
   * The branches of `if` statements starting inside `statement` (a top-level one) that never run, their test being a
   * constant (see unreachableBranches.ts), in order of their start: what lies there is no problem of this module.
   */
  unreachableSpans(statement: SyntaxNode): readonly SourceSpan[] {
    return this.unreachable.spansWithin(statement);
  }

  /**
   * The module's statement right before `statement` (a top-level one, of this tree or of one parsed again after an
   * edit), comments and broken code included, as the file has it now; recorded as what the answer depends on.
   */
  statementBefore(statement: SyntaxNode): SyntaxNode | undefined {
    this.recordDependency(PRECEDING_STATEMENT);
    const { statements } = this.deferred;
    // A model of the whole tree: its siblings are the file's statements.
    if (statements.length === 0) return statement.previousSibling ?? undefined;
    // Re-linting: statements come from several parses, and a statement parsed again has no siblings of its own.
    const index = lastStartingAtOrBefore(statements, statement.startIndex, (site) => site.node);
    return index > 0 && statements[index]!.node.startIndex === statement.startIndex ? statements[index - 1]!.node : undefined;
  }

  /** Whether `test`, an `if` or `elif` test, is decided by module constants (see `unreachableSpans`). */
  isConstantTest(test: SyntaxNode): boolean {
    return !this.unreachable.isEmpty && this.unreachable.decides(test);
  }

  /** Whether `node` lies in a branch that never runs (see `unreachableSpans`). */
  isUnreachable(node: SyntaxNode): boolean {
    this.prepareIndex(node.startIndex);
    return this.unreachable.contains(node.startIndex);
  }

  /**
   * The fully qualified name an expression stands for, through imports and aliases:
   * `t.sleep` after `import time as t` is `time.sleep`; `open` is `builtins.open`; `loop.close`
   * after `loop = asyncio.new_event_loop()` is `asyncio.AbstractEventLoop.close`.
   */
  qualifiedName(expression: SyntaxNode, scope?: Scope): string | undefined {
    const name = this.rawQualifiedName(expression, scope ?? this.scopeOf(expression), 0);
    return name === undefined ? undefined : canonicalName(name);
  }

  /** The (canonical, qualified) class of the value an expression evaluates to, if known. */
  typeOf(expression: SyntaxNode, scope?: Scope): string | undefined {
    return this.inferType(expression, scope ?? this.scopeOf(expression), 0);
  }

  /**
   * The classes the value of an expression may be an instance of (see typeAlternatives.ts), if the model knows them:
   * `payload: bytes | bytearray`, narrowed by the `isinstance` tests around the read.
   */
  typeAlternatives(expression: SyntaxNode, scope?: Scope): Alternatives | undefined {
    return this.inferAlternatives(expression, scope ?? this.scopeOf(expression), 0);
  }

  /** The qualified name of the function a call calls. */
  calleeName(call: SyntaxNode, scope?: Scope): string | undefined {
    if (this.calleeNames.has(call.id)) return this.calleeNames.get(call.id);
    const where = scope ?? this.scopeOf(call);
    let name = this.dottedCalleeName(call, where);
    if (name === null) {
      const callee = call.firstChild;
      name = callee ? this.qualifiedName(callee, where) : undefined;
    }
    this.calleeNames.set(call.id, name);
    return name;
  }

  /**
   * How the callee is spelled (`self.loop.run_until_complete`, `fetch`), read once per call.
   * Rules use its last part to skip calls that cannot match before resolving anything.
   */
  calleeText(call: SyntaxNode): string {
    let text = this.calleeTexts.get(call.id);
    if (text === undefined) {
      // Most callees are plain dotted names written right before `(`: read them from the source
      // text, which costs no tree-sitter node (creating nodes dominates the linter's time). Whether
      // the callee is compound is known once the call's statement is built (a re-lint defers it).
      this.prepareIndex(call.startIndex);
      CALLEE_PREFIX.lastIndex = call.startIndex - this.sourceStart;
      const plain = this.compoundCallees.has(call.id) ? undefined : CALLEE_PREFIX.exec(this.source)?.[0];
      text = plain ?? call.firstChild?.text ?? '';
      this.calleeTexts.set(call.id, text);
    }
    return text;
  }

  /**
   * The last dotted part of the callee as written: `get` for `requests.get(...)`. Read once per call: most rules
   * matching calls by name ask it of every call.
   */
  calleeLastName(call: SyntaxNode): string {
    let name = this.calleeLastNames.get(call.id);
    if (name === undefined) {
      const text = this.calleeText(call);
      name = text.slice(text.lastIndexOf('.') + 1).trim();
      this.calleeLastNames.set(call.id, name);
    }
    return name;
  }

  /**
   * Resolves a plainly dotted callee (`a.b.c`) from its text alone, without reading more nodes;
   * null when the spelling or the head's binding needs the syntax tree (types, aliases).
   */
  private dottedCalleeName(call: SyntaxNode, scope: Scope): string | undefined | null {
    const text = this.calleeText(call);
    if (!DOTTED_NAME.test(text)) return null;
    const dot = text.indexOf('.');
    const head = dot < 0 ? text : text.slice(0, dot);
    const rest = dot < 0 ? '' : text.slice(dot);
    const binding = this.lookup(head, scope, call.startIndex);
    if (!binding) return canonicalName(this.unboundName(head, scope) + rest);
    if (binding.kind === 'import') return binding.importedName === undefined ? undefined : canonicalName(binding.importedName + rest);
    if (binding.value || binding.annotation) return null;
    // Parameters without annotations, loop targets, local defs and classes: not a library name.
    return undefined;
  }

  /**
   * The `def` or `class` of this file a call calls (`helper()`, `self.method()`, `Class.method()`),
   * read from the callee's spelling when it is a plain dotted name.
   */
  calleeDefinition(call: SyntaxNode, scope: Scope = this.scopeOf(call)): SyntaxNode | undefined {
    const text = this.calleeText(call);
    if (!DOTTED_NAME.test(text)) {
      const callee = call.firstChild;
      return callee ? this.definitionOf(callee, scope) : undefined;
    }
    const dot = text.indexOf('.');
    if (dot < 0) return this.lookup(text, scope, call.startIndex)?.definition;
    const rest = text.slice(dot + 1);
    if (rest.includes('.')) return undefined;
    const receiver = this.lookup(text.slice(0, dot), scope, call.startIndex);
    const owner = receiver && this.classOfBinding(receiver);
    return owner && this.reachableBindingAt(owner, rest, Number.POSITIVE_INFINITY, call.startIndex)?.definition;
  }

  /**
   * The `def` or `class` in this file an expression names: `helper`, `self.method`,
   * `cls.method`, `Class.method`.
   */
  definitionOf(expression: SyntaxNode, scope: Scope = this.scopeOf(expression)): SyntaxNode | undefined {
    const node = unparenthesize(expression);
    if (node.type === 'identifier') {
      const binding = this.resolve(node, scope);
      return binding?.definition;
    }
    if (node.type !== 'attribute') return undefined;
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    if (!object || !attribute || object.type !== 'identifier') return undefined;
    const owner = this.classOfReceiver(object, scope);
    return owner && this.reachableBindingAt(owner, attribute.text, Number.POSITIVE_INFINITY, node.startIndex)?.definition;
  }

  /** Uses of a binding's name that resolve to the same scope, excluding binding sites. */
  references(binding: Binding): SyntaxNode[] {
    // Other top-level statements may write the name: re-linting checks the answer again when one that does changes.
    this.recordDependency(referencesOf(binding.name));
    const candidates = this.identifiersNamed(binding.name);
    const sites = this.definitionSites();
    const result: SyntaxNode[] = [];
    for (const identifier of candidates) {
      if (sites.has(identifier.id)) continue;
      const scope = this.scopeOf(identifier);
      if (!isWithin(scope, binding.scope)) continue;
      const parent = identifier.parent;
      if (parent) {
        if (IMPORT_NAME_PARENTS.has(parent.type)) continue;
        if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) continue;
        if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id) continue;
      }
      if (this.lookup(binding.name, scope, identifier.startIndex)?.scope === binding.scope) result.push(identifier);
    }
    return result;
  }

  /**
   * Every identifier spelled `name` in the file: bare, as an attribute (`Outer.name`, `self.name`) or where it is bound.
   * A superset of a name's uses for a question that must see them all, a nested class being reached through its owner.
   */
  mentionsOf(name: string): readonly SyntaxNode[] {
    // Other top-level statements may mention the name: re-linting checks the answer again when one that does changes.
    this.recordDependency(referencesOf(name));
    return this.identifiersNamed(name);
  }

  private rawQualifiedName(expression: SyntaxNode, scope: Scope, depth: number): string | undefined {
    if (depth > MAX_RESOLUTION_DEPTH) return undefined;
    const node = unparenthesize(expression);
    switch (node.type) {
      case 'identifier': {
        const binding = this.resolve(node, scope);
        if (!binding) return this.unboundName(node.text, scope);
        if (binding.kind === 'import') return binding.importedName;
        // `sleep = time.sleep` makes `sleep` an alias; only follow plain, single assignments.
        if (binding.kind === 'assignment' && binding.value && isAliasExpression(binding.value)) {
          return this.rawQualifiedName(binding.value, binding.scope, depth + 1);
        }
        return undefined;
      }
      case 'attribute': {
        const object = node.childForFieldName('object');
        const attribute = node.childForFieldName('attribute');
        if (!object || !attribute) return undefined;
        const owner =
          this.rawQualifiedName(object, scope, depth + 1) ??
          soleAlternative(alternativesWithAttribute(this.inferAlternatives(object, scope, depth + 1) ?? [], attribute.text));
        return owner === undefined ? undefined : `${canonicalName(owner)}.${attribute.text}`;
      }
      default:
        return undefined;
    }
  }

  /**
   * A name bound nowhere in the file: a `from m import *` name, else a builtin. A builtin name stays the builtin
   * unless a star import of a standard-library module that exports that name replaces it (pythonBuiltins.ts).
   */
  private unboundName(name: string, scope: Scope): string {
    const builtin = BUILTIN_NAMES.has(name);
    for (let current: Scope | undefined = scope; current; current = current.parent) {
      for (let index = current.wildcardImports.length - 1; index >= 0; index--) {
        const wildcard = current.wildcardImports[index]!;
        if (!builtin || starImportShadowsBuiltin(wildcard, name)) return `${wildcard}.${name}`;
      }
    }
    return `builtins.${name}`;
  }

  private inferType(expression: SyntaxNode, scope: Scope, depth: number): string | undefined {
    return soleAlternative(this.inferAlternatives(expression, scope, depth));
  }

  /** The classes the value of an expression may be an instance of (see typeAlternatives.ts), if the model knows them. */
  private inferAlternatives(expression: SyntaxNode, scope: Scope, depth: number): Alternatives | undefined {
    if (depth > MAX_RESOLUTION_DEPTH) return undefined;
    const node = unparenthesize(expression);
    switch (node.type) {
      case 'call': {
        const callee = node.childForFieldName('function');
        const name = callee && this.rawQualifiedName(callee, scope, depth + 1);
        const type = name === undefined || name === null ? undefined : callResultType(canonicalName(name));
        return type === undefined ? undefined : [type];
      }
      case 'identifier':
        return this.identifierAlternatives(node, scope, depth);
      case 'attribute': {
        const name = this.rawQualifiedName(node, scope, depth + 1);
        const type = name === undefined ? undefined : attributeType(canonicalName(name));
        return type === undefined ? undefined : [type];
      }
      case 'binary_operator': {
        // `path / "child"` is a Path.
        const left = node.childForFieldName('left');
        const operator = node.childForFieldName('operator');
        if (left && operator?.type === '/') {
          const leftType = this.inferType(left, scope, depth + 1);
          if (leftType === 'pathlib.Path' || leftType === 'pathlib.PurePath') return [leftType];
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * The classes a name may hold where it is read: those of the binding it resolves to, with those of the other bindings
   * that may reach the read (`if ...: e = threading.Event()` / `else: e = asyncio.Event()`, or any binding of a module
   * name read in a function), narrowed by the `if` tests around the read. Bindings whose value the model does not know
   * add nothing, and a read whose own binding has no known class gets none: other bindings only take a class away.
   */
  private identifierAlternatives(read: SyntaxNode, scope: Scope, depth: number): Alternatives | undefined {
    const binding = this.resolve(read, scope);
    if (!binding) return undefined;
    let alternatives = this.bindingAlternatives(binding, depth + 1);
    if (!alternatives) return undefined;
    if (!this.readingBindingValue) {
      for (const rival of this.rivalBindings(read, scope, binding, alternatives, depth + 1)) {
        alternatives = joinedAlternatives(alternatives, this.bindingAlternatives(rival, depth + 1)!);
      }
    }
    if (alternatives.length < 2 || soleAlternative(alternatives) !== undefined) return alternatives;
    return narrowedAlternatives(read, alternatives, (written) => this.qualifiedName(written, scope));
  }

  /** What a binding declares (its annotation) or is given (its value's type). */
  private bindingAlternatives(binding: Binding, depth: number): Alternatives | undefined {
    if (binding.annotation) {
      return depth > MAX_RESOLUTION_DEPTH
        ? undefined
        : annotationAlternatives(binding.annotation, (written) => this.rawQualifiedName(written, binding.scope, depth + 1));
    }
    if (binding.value && binding.kind !== 'import') return this.valueAlternatives(binding, binding.value, depth);
    return undefined;
  }

  /**
   * The other bindings of the name `read` resolves to (`binding`) whose known classes are not all among `alternatives`
   * and that may reach the read (see reachingAssignments.ts), passing over those in branches that never run.
   */
  private rivalBindings(read: SyntaxNode, scope: Scope, binding: Binding, alternatives: Alternatives, depth: number): Binding[] {
    const all = this.bindingsIn(binding.scope, binding.name);
    if (all.length < 2) return [];
    const readRuns = !this.unreachable.contains(read.startIndex);
    const rivals = all.filter((other) => {
      if (other === binding || other.kind === 'annotation') return false;
      if (readRuns && this.unreachable.contains(other.position)) return false;
      const theirs = this.bindingAlternatives(other, depth);
      return theirs !== undefined && theirs.some((type) => !alternatives.includes(type));
    });
    if (rivals.length === 0) return rivals;
    // A comprehension runs where it is written; a lambda or `def` later.
    let flowScope = scope;
    while (flowScope.kind === 'comprehension' && flowScope.parent) flowScope = flowScope.parent;
    const ownScope = flowScope === binding.scope || flowScope.globals.has(binding.name);
    const reaches = reachesRead(read, flowScope.node, ownScope);
    return rivals.filter((rival) => reaches(rival.position));
  }

  /**
   * `inferAlternatives` of a binding's value, kept per binding and depth: rules and summaries ask it for each
   * `loop.method()` of the same `loop = ...`. With it are kept the module-level names working it out asked about,
   * recorded again whenever it is reused (see `recordModuleNames`).
   */
  private valueAlternatives(binding: Binding, value: SyntaxNode, depth: number): Alternatives | undefined {
    let byDepth = this.valueTypes.get(binding);
    if (!byDepth) this.valueTypes.set(binding, (byDepth = new Map()));
    let known = byDepth.get(depth);
    if (!known) {
      const outer = this.recordedNames;
      const outerReading = this.readingBindingValue;
      const asked = new Set<string>();
      this.recordedNames = asked;
      this.readingBindingValue = true;
      try {
        known = { types: this.inferAlternatives(value, binding.scope, depth), asked };
      } finally {
        this.recordedNames = outer;
        this.readingBindingValue = outerReading;
      }
      byDepth.set(depth, known);
    }
    if (this.recordedNames) for (const name of known.asked) this.recordedNames.add(name);
    return known.types;
  }

  /** For `self`/`cls` (a method's first parameter) or a class name: that class's scope. */
  private classOfReceiver(receiver: SyntaxNode, scope: Scope): Scope | undefined {
    const binding = this.resolve(receiver, scope);
    return binding && this.classOfBinding(binding);
  }

  private classOfBinding(binding: Binding): Scope | undefined {
    if (binding.kind === 'class' && binding.definition) return this.scopeOfDefinition(binding.definition);
    if (binding.kind !== 'parameter') return undefined;
    const method = binding.scope;
    if (method.kind !== 'function' || method.parent?.kind !== 'class') return undefined;
    return this.receiverOf(method) === binding.node.id ? method.parent : undefined;
  }

  /**
   * The node id of a method's first parameter name (`self`, `cls`), read once per method: asked for most calls. A
   * `@staticmethod` has none: its first parameter is an argument like any other (`writer: asyncio.StreamWriter`).
   */
  private receiverOf(method: Scope): number | undefined {
    if (this.receivers.has(method)) return this.receivers.get(method);
    const firstParameter = isStaticMethod(method.node) ? null : method.node.childForFieldName('parameters')?.firstNamedChild;
    const firstName = firstParameter?.type === 'identifier' ? firstParameter : firstParameter?.firstNamedChild;
    this.receivers.set(method, firstName?.id);
    return firstName?.id;
  }

  /**
   * The identifiers spelled `name`, in source order, found by their text: each place the text holds `name` is an
   * identifier where the smallest node spanning it is one of just that span. Rules ask about a few names a file (a
   * loop's, a binding's), and listing every identifier of the file made a syntax node and read the text of each.
   */
  private identifiersNamed(name: string): readonly SyntaxNode[] {
    let found = this.identifiersByName.get(name);
    if (!found) {
      const identifiers: SyntaxNode[] = [];
      // A model of statements (re-linting) may hold some from another tree (those parsed again after an edit): the
      // root's own nodes there are stale.
      const { statements } = this.deferred;
      const holders = statements.length > 0 ? statements.map((statement) => statement.node) : [this.root];
      // (No identifier is empty: nor is any name asked about, but an empty one would be found everywhere.)
      for (const holder of name === '' ? [] : holders) {
        const text = holder === this.root ? this.source : holder.text;
        const start = holder.startIndex;
        for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
          const end = start + at + name.length;
          const node = holder.descendantForIndex(start + at, end);
          if (node?.type === 'identifier' && node.startIndex === start + at && node.endIndex === end) identifiers.push(node);
        }
      }
      this.identifiersByName.set(name, (found = identifiers));
    }
    return found;
  }

  private definitionSites(): Set<number> {
    if (!this.bindingSites) {
      this.bindingSites = new Set();
      for (const scope of this.scopes) {
        for (const bindings of scope.bindings.values()) {
          for (const binding of bindings) this.bindingSites.add(binding.node.id);
        }
      }
    }
    return this.bindingSites;
  }
}

function modelKinds(extraKinds: Iterable<string>): string[] {
  return [...new Set([...SCOPE_BUILDER_KINDS, ...extraKinds])];
}

function isWithin(scope: Scope, ancestor: Scope): boolean {
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    if (current === ancestor) return true;
  }
  return false;
}

function isAliasExpression(node: SyntaxNode): boolean {
  const inner = unparenthesize(node);
  return inner.type === 'identifier' || inner.type === 'attribute';
}
