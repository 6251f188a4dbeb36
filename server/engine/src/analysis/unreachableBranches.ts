// Branches of `if` statements that can never run, their test being a constant: `True`, `False`, or a name the module
// binds once, at module level, to one of them (mongo's `_IS_SYNC = False`), under `not`, `and`, `or`. Code written for
// two flavours (an async source and the sync module generated from it) keeps each flavour's code in the branch the
// other never takes: what lies there is no problem of this module, and no binding made there reaches the code that runs.
import type { Point, SyntaxNode } from './pythonParser';
import type { Binding, Scope } from './scope';
import type { SemanticModel } from './semanticModel';

/**
 * An `if` or `elif` whose test, up to the `:` on the same line, is only names, `not`, `and`, `or` and parentheses:
 * matched at the clause's start offset in the source, which costs no syntax node.
 */
const NAMES_TEST = /(?:el)?if\b([\p{L}\p{N}_ \t()]*):/uy;
const TOKEN = /[ \t]*([()]|[\p{L}_][\p{L}\p{N}_]*)/uy;

/** A run of source that never runs: UTF-16 offsets (end exclusive), and the same as points. */
export interface SourceSpan {
  readonly start: number;
  readonly end: number;
  readonly from: Point;
  readonly to: Point;
}

/** A test made of names: `_IS_SYNC`, `not _IS_SYNC`, `_IS_SYNC and connect`. */
type NamesTest =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'not'; readonly operand: NamesTest }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly NamesTest[] };

/** What never runs of an `if` statement or `elif` clause when its test holds, and when it does not. */
interface Branches {
  readonly whenTrue: SourceSpan | undefined;
  readonly whenFalse: SourceSpan | undefined;
}

/** An `if` statement or `elif` clause whose test is made of names. */
interface Clause {
  readonly node: SyntaxNode;
  readonly isElif: boolean;
  readonly scope: Scope;
  readonly test: NamesTest;
  /** The names it reads, but `True` and `False`. */
  readonly names: readonly string[];
  /**
   * Where the code its test decides ends: its `if` statement's end (an `elif` decides whether the clauses after it run).
   * So clauses nest as their statements do, or lie apart.
   */
  end?: number;
  /** The nearest clause around it (see `nest`). */
  outer?: Clause | undefined;
  /** Read when first asked (each read crosses into wasm). */
  branches?: Branches;
}

export class UnreachableBranches {
  /** In source order. */
  private readonly clauses: Clause[] = [];
  /** For each module binding asked about: the literal `True` or `False` it binds at module level, else undefined. */
  private readonly literals = new WeakMap<Binding, boolean | undefined>();
  /** What each clause's test always gives, once worked out (undefined: it is no constant). */
  private readonly truths = new Map<Clause, boolean | undefined>();
  /** Clauses being worked out: looking a name up may ask whether a binding is reachable, which may come back to them. */
  private readonly pending = new Set<Clause>();
  /** Whether each clause's `outer` is known (clauses added since are not). */
  private nested = false;

  constructor(private readonly model: SemanticModel) {}

  get isEmpty(): boolean {
    return this.clauses.length === 0;
  }

  /** Takes note of an `if` statement or `elif` clause (collected in `scope`) whose test is made of names. */
  collect(node: SyntaxNode, isElif: boolean, scope: Scope, source: string, sourceStart: number): void {
    NAMES_TEST.lastIndex = node.startIndex - sourceStart;
    const written = NAMES_TEST.exec(source)?.[1];
    const test = written === undefined ? undefined : parseNamesTest(written);
    if (!test) return;
    const names = [...namesIn(test)].filter((name) => name !== 'True' && name !== 'False');
    const clause: Clause = { node, isElif, scope, test, names };
    this.nested = false;
    // Statements built out of order (deferred ones) insert before the clauses after them.
    let index = this.clauses.length;
    while (index > 0 && this.clauses[index - 1]!.node.startIndex > node.startIndex) index--;
    this.clauses.splice(index, 0, clause);
  }

  /** The spans that never run in the clauses starting inside `within` (a top-level statement), in order of their start. */
  spansWithin(within: SyntaxNode): SourceSpan[] {
    const first = this.firstStartingAtOrAfter(within.startIndex);
    if (first === this.clauses.length) return [];
    const spans: SourceSpan[] = [];
    const end = within.endIndex;
    for (let index = first; index < this.clauses.length && this.clauses[index]!.node.startIndex < end; index++) {
      const span = this.deadSpan(this.clauses[index]!);
      if (span) spans.push(span);
    }
    // An `if`'s alternatives may start after the branches of the clauses nested in its first branch.
    return spans.sort((a, b) => a.start - b.start);
  }

  /** Whether the code at offset `index` never runs: it lies in a branch a constant test rules out. */
  contains(index: number): boolean {
    if (!this.nested) this.nest();
    // Any clause around `index` is around the last one starting before it, if that one is not.
    for (let clause: Clause | undefined = this.clauses[this.firstStartingAtOrAfter(index + 1) - 1]; clause; clause = clause.outer) {
      if (clause.end! <= index) continue;
      const span = this.deadSpan(clause);
      if (span && span.start <= index && index < span.end) return true;
    }
    return false;
  }

  /**
   * Whether `test`, an `if` or `elif` test, always gives the same truth (a module constant decides it): code it guards
   * runs always or never, so saying it runs "when" the test holds would tell the reader nothing.
   */
  decides(test: SyntaxNode): boolean {
    // No clause starts between an `if` (or `elif`) keyword and its test.
    const clause = this.clauses[this.firstStartingAtOrAfter(test.startIndex) - 1];
    if (!clause || clause.node.childForFieldName('condition')?.id !== test.id) return false;
    return this.truthOf(clause) !== undefined;
  }

  /** Links each clause to the nearest one around it, reading each clause's end once. */
  private nest(): void {
    const open: Clause[] = [];
    for (const clause of this.clauses) {
      clause.end ??= (clause.isElif ? clause.node.parent : clause.node)?.endIndex ?? clause.node.endIndex;
      while (open.length > 0 && open.at(-1)!.end! <= clause.node.startIndex) open.pop();
      clause.outer = open.at(-1);
      open.push(clause);
    }
    this.nested = true;
  }

  /** What of `clause`'s branches never runs, when its test is a constant. */
  private deadSpan(clause: Clause): SourceSpan | undefined {
    const truth = this.truthOf(clause);
    if (truth === undefined) return undefined;
    const branches = this.branchesOf(clause);
    return truth ? branches.whenTrue : branches.whenFalse;
  }

  private truthOf(clause: Clause): boolean | undefined {
    // The answer depends on the names' bindings: the statement asking must be checked again when they change.
    for (const name of clause.names) this.model.recordDependency(name);
    if (this.truths.has(clause)) return this.truths.get(clause);
    if (this.pending.has(clause)) return undefined;
    this.pending.add(clause);
    try {
      const truth = evaluate(clause.test, (name) => this.constantValue(name, clause));
      this.truths.set(clause, truth);
      return truth;
    } finally {
      this.pending.delete(clause);
    }
  }

  /**
   * `True` or `False` when `clause` reads the module's `name`, which the module binds once, at module level (not
   * through `global`), to that literal, nothing else being able to rebind it in the module (a `from m import *` might).
   */
  private constantValue(name: string, clause: Clause): boolean | undefined {
    if (name === 'True' || name === 'False') return name === 'True';
    const { model } = this;
    const bindings = model.bindingsIn(model.module, name);
    if (bindings.length !== 1 || model.module.wildcardImports.length > 0) return undefined;
    const binding = bindings[0]!;
    if (binding.kind !== 'assignment' || !binding.value) return undefined;
    if (!this.literals.has(binding)) {
      const type = binding.value.type;
      const literal = type === 'true' ? true : type === 'false' ? false : undefined;
      this.literals.set(binding, literal !== undefined && model.scopeAt(binding.position) === model.module ? literal : undefined);
    }
    const literal = this.literals.get(binding);
    // Not a function's or class's own binding of the same name.
    return literal !== undefined && model.lookup(name, clause.scope, clause.node.startIndex) === binding ? literal : undefined;
  }

  private branchesOf(clause: Clause): Branches {
    if (!clause.branches) {
      const { node } = clause;
      const consequence = node.childForFieldName('consequence');
      const whenFalse = consequence
        ? span(consequence.startIndex, consequence.endIndex, consequence.startPosition, consequence.endPosition)
        : undefined;
      let whenTrue: SourceSpan | undefined;
      if (node.type === 'elif_clause') {
        // The clauses after this one, to the end of the `if` statement.
        const statement = node.parent;
        const next = node.nextNamedSibling;
        if (statement && next && (next.type === 'elif_clause' || next.type === 'else_clause')) {
          whenTrue = span(next.startIndex, statement.endIndex, next.startPosition, statement.endPosition);
        }
      } else {
        const first = node.childrenForFieldName('alternative')[0];
        if (first) whenTrue = span(first.startIndex, node.endIndex, first.startPosition, node.endPosition);
      }
      clause.branches = { whenTrue, whenFalse };
    }
    return clause.branches;
  }

  private firstStartingAtOrAfter(index: number): number {
    let low = 0;
    let high = this.clauses.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.clauses[middle]!.node.startIndex < index) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function span(start: number, end: number, from: Point, to: Point): SourceSpan {
  return { start, end, from, to };
}

/** `written` (a test as written between `if` and `:`) read as names under `not`, `and`, `or`; undefined if it is not. */
function parseNamesTest(written: string): NamesTest | undefined {
  const tokens: string[] = [];
  // A failed match resets `lastIndex`: where the tokens end is kept apart.
  let read = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(written); match; match = TOKEN.exec(written)) {
    tokens.push(match[1]!);
    read = TOKEN.lastIndex;
  }
  if (written.slice(read).trim() !== '') return undefined;
  let at = 0;
  // Python's precedence: `not` binds tighter than `and`, which binds tighter than `or`.
  const operation = (kind: 'and' | 'or', operand: () => NamesTest | undefined): NamesTest | undefined => {
    const operands: NamesTest[] = [];
    for (;;) {
      const next = operand();
      if (!next) return undefined;
      operands.push(next);
      if (tokens[at] !== kind) return operands.length === 1 ? next : { kind, operands };
      at++;
    }
  };
  const disjunction = (): NamesTest | undefined => operation('or', conjunction);
  const conjunction = (): NamesTest | undefined => operation('and', negation);
  const negation = (): NamesTest | undefined => {
    const token = tokens[at++];
    if (token === 'not') {
      const operand = negation();
      return operand && { kind: 'not', operand };
    }
    if (token === '(') {
      const inner = disjunction();
      return tokens[at++] === ')' ? inner : undefined;
    }
    return token === undefined || token === ')' || token === 'and' || token === 'or' ? undefined : { kind: 'name', name: token };
  };
  const test = disjunction();
  return at === tokens.length ? test : undefined;
}

function* namesIn(test: NamesTest): Generator<string> {
  if (test.kind === 'name') yield test.name;
  else if (test.kind === 'not') yield* namesIn(test.operand);
  else for (const operand of test.operands) yield* namesIn(operand);
}

/** What `test` always gives, from what each name always is (undefined: not known); undefined when that is not known. */
function evaluate(test: NamesTest, valueOf: (name: string) => boolean | undefined): boolean | undefined {
  switch (test.kind) {
    case 'name':
      return valueOf(test.name);
    case 'not': {
      const operand = evaluate(test.operand, valueOf);
      return operand === undefined ? undefined : !operand;
    }
    default: {
      // One operand deciding the whole decides it, whatever the others (names only: reading them has no effect).
      const decisive = test.kind === 'or';
      let known = true;
      for (const operand of test.operands) {
        const value = evaluate(operand, valueOf);
        if (value === decisive) return decisive;
        if (value === undefined) known = false;
      }
      return known ? !decisive : undefined;
    }
  }
}
