// Python scopes and the names bound in them, as the semantic model records them.
import type { SyntaxNode } from './pythonParser';

type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension';

export type BindingKind =
  | 'import'
  | 'assignment'
  | 'augmentedAssignment'
  | 'annotation'
  | 'namedExpression'
  | 'parameter'
  | 'function'
  | 'class'
  | 'loopTarget'
  | 'withTarget'
  | 'exceptTarget';

export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  readonly scope: Scope;
  /** The identifier (or import alias) that introduces the name. */
  readonly node: SyntaxNode;
  /** Source offset of the binding, for "last binding before this use" ordering. */
  readonly position: number;
  /** For imports: the fully qualified name the binding stands for (`time`, `time.sleep`, `.db.load`). */
  readonly importedName?: string;
  /** For `name = value`, `name := value` and `with value as name`: the value expression. */
  readonly value?: SyntaxNode;
  /** For annotated parameters and annotated assignments: the annotation expression. */
  readonly annotation?: SyntaxNode;
  /** For `def`/`class` bindings: the definition node. */
  readonly definition?: SyntaxNode;
}

/** The nodes a scope collects, by what they are. */
type CollectedKind = 'call' | 'await' | 'yield' | 'asyncStatement' | 'conditional';

export class Scope {
  readonly children: Scope[] = [];
  readonly bindings = new Map<string, Binding[]>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  /** Modules imported with `from m import *` in this scope. */
  readonly wildcardImports: string[] = [];
  private readonly found: Record<CollectedKind, SyntaxNode[]> = { call: [], await: [], yield: [], asyncStatement: [], conditional: [] };
  /**
   * Called before `calls`, `awaits`, `yields` or `asyncStatements` are read: a module scope whose
   * statements are built on demand builds them all first (the semantic model sets it).
   */
  beforeCollectedRead: (() => void) | undefined;
  private definedName: string | undefined;
  /** True when code in this scope runs inside a coroutine (see CONTRACT: async context). */
  readonly isAsyncContext: boolean;

  constructor(
    readonly kind: ScopeKind,
    /** The module, definition, lambda or comprehension node. */
    readonly node: SyntaxNode,
    readonly parent: Scope | undefined,
    /** The source range whose code runs in this scope: a function's body, not its defaults. */
    readonly start: number,
    readonly end: number,
    /** `async def` (only for function scopes). */
    readonly isAsyncFunction: boolean,
  ) {
    this.isAsyncContext = kind === 'function' ? isAsyncFunction : kind === 'comprehension' ? (parent?.isAsyncContext ?? false) : false;
    if (parent) insertInOrder(parent.children, this, (scope) => scope.start);
  }

  /** Calls, awaits and yields whose innermost scope is this one, in source order. */
  get calls(): readonly SyntaxNode[] {
    return this.collected('call');
  }

  get awaits(): readonly SyntaxNode[] {
    return this.collected('await');
  }

  get yields(): readonly SyntaxNode[] {
    return this.collected('yield');
  }

  /** `async for` / `async with` statements and async comprehension clauses directly in this scope. */
  get asyncStatements(): readonly SyntaxNode[] {
    return this.collected('asyncStatement');
  }

  /**
   * `if` statements, `elif` clauses, conditional expressions, `and`/`or` operators, `except` clauses, `for` and `while`
   * statements directly in this scope: what can put a call under a condition (see callCondition.ts).
   */
  get conditionals(): readonly SyntaxNode[] {
    return this.collected('conditional');
  }

  /** Records a node of the scope (in source order, but for statements built out of order). */
  collect(kind: CollectedKind, node: SyntaxNode): void {
    insertInOrder(this.found[kind], node, (other) => other.startIndex);
  }

  private collected(kind: CollectedKind): readonly SyntaxNode[] {
    this.beforeCollectedRead?.();
    return this.found[kind];
  }

  /** Bindings stay in source order even when a statement's scopes are built later than the ones after it. */
  addBinding(binding: Binding): void {
    const existing = this.bindings.get(binding.name);
    if (existing) insertInOrder(existing, binding, (other) => other.position);
    else this.bindings.set(binding.name, [binding]);
  }

  /** The binding of `name` in this scope that is current at `position` (flow-insensitive fallback). */
  bindingAt(name: string, position: number): Binding | undefined {
    const candidates = this.bindings.get(name);
    if (!candidates) return undefined;
    let chosen: Binding | undefined;
    for (const candidate of candidates) {
      if (candidate.position <= position) chosen = candidate;
      else break;
    }
    return chosen ?? candidates[0];
  }

  /** The nearest enclosing `def` or `lambda` scope (comprehensions are transparent), or undefined at module or class level. */
  get functionScope(): Scope | undefined {
    let scope: Scope | undefined = this;
    while (scope?.kind === 'comprehension') scope = scope.parent;
    return scope && (scope.kind === 'function' || scope.kind === 'lambda') ? scope : undefined;
  }

  get name(): string {
    if (this.kind === 'module') return '<module>';
    // Read once: summaries ask it of every scope and of the definition of every local call.
    this.definedName ??= this.node.childForFieldName('name')?.text ?? `<${this.kind}>`;
    return this.definedName;
  }
}

/** Appends `item`, or inserts it before the first element that starts after it (rare: out-of-order builds). */
function insertInOrder<T>(list: T[], item: T, positionOf: (item: T) => number): void {
  const position = positionOf(item);
  let index = list.length;
  while (index > 0 && positionOf(list[index - 1]!) > position) index--;
  if (index === list.length) list.push(item);
  else list.splice(index, 0, item);
}
