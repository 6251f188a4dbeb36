// Which of a name's bindings may have given it the value read at one place, from the syntax around the read: those
// after the nearest assignment that always runs on the way to it, and those in a loop around it that the next round
// reads. The semantic model asks it before it calls a name's type the type of one binding.
import type { SyntaxNode } from './pythonParser';
import { ifBranches } from './pythonSyntax';

/**
 * A test of a binding's position: whether that binding may be what `read` (an identifier) holds. `definition` is the
 * node of the scope the read runs in (a `def`, the module); `ownScope` says whether the name is bound in that scope
 * (or declared `global` there). Read from another scope with no assignment of its own before it, the read may follow
 * any of the bindings.
 */
export function reachesRead(read: SyntaxNode, definition: SyntaxNode, ownScope: boolean): (position: number) => boolean {
  const replacing = replacingStatement(read, definition);
  if (!ownScope && !replacing) return () => true;
  const from = replacing?.startIndex ?? -1;
  // A loop around the read that also holds the replacing statement passes it again before the next read.
  const loops = loopsAround(read, definition).filter((loop) => !replacing || !contains(loop, replacing.startIndex));
  return (position) => position >= from && (position < read.startIndex || loops.some((loop) => contains(loop, position)));
}

/**
 * The nearest statement before the read of `name` that always runs on the way to it and assigns the name: a plain
 * `name = value` statement (or an `if` whose every branch, `else` included, has one) earlier in a block that holds the
 * read (in the read's own block or one around it, so no `if`, loop or `except` between them can skip it), or a
 * `with value as name:` whose body holds the read.
 */
function replacingStatement(name: SyntaxNode, definition: SyntaxNode): SyntaxNode | undefined {
  let inner: SyntaxNode = name;
  for (let outer = name.parent; outer; inner = outer, outer = outer.parent) {
    if (outer.type === 'with_statement' && outer.childForFieldName('body')?.id === inner.id && withBinds(outer, name.text)) return outer;
    if (outer.type === 'block' || outer.type === 'module') {
      for (let statement = inner.previousNamedSibling; statement; statement = statement.previousNamedSibling) {
        if (assigns(statement, name.text)) return statement;
      }
    }
    // The module's statements are its own; a function's are in its body's block.
    if (outer.id === definition.id) return undefined;
  }
  return undefined;
}

/** `name = value` (also `a = name = value`), as a statement of its own, or an `if` assigning it in every branch. */
function assigns(statement: SyntaxNode, name: string): boolean {
  if (statement.type === 'if_statement') return assignsInEveryBranch(statement, name);
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  for (let assignment = statement.firstNamedChild; assignment?.type === 'assignment'; assignment = assignment.childForFieldName('right')) {
    const target = assignment.childForFieldName('left');
    if (target?.type === 'identifier' && target.text === name) return true;
  }
  return false;
}

/** `if ...: name = a` / `elif ...: name = b` / `else: name = c`: whichever runs, the name is assigned. */
function assignsInEveryBranch(statement: SyntaxNode, name: string): boolean {
  const { blocks, hasElse, complete } = ifBranches(statement);
  return hasElse && complete && blocks.every((block) => block.namedChildren.some((inner) => assigns(inner, name)));
}

/** `with value as name:` (one of its items). */
function withBinds(statement: SyntaxNode, name: string): boolean {
  const items = statement.namedChildren.find((child) => child?.type === 'with_clause')?.namedChildren ?? [];
  return items.some((item) => {
    const value = item?.childForFieldName('value');
    const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias') : undefined;
    const target = alias?.type === 'as_pattern_target' ? alias.firstNamedChild : alias;
    return target?.type === 'identifier' && target.text === name;
  });
}

function contains(outer: SyntaxNode, offset: number): boolean {
  return outer.startIndex <= offset && offset < outer.endIndex;
}

/** Whether an offset lies in a loop of `definition` around `node`: what is set there may be what `node` reads next round. */
export function inLoopAround(node: SyntaxNode, definition: SyntaxNode): (offset: number) => boolean {
  const loops = loopsAround(node, definition);
  return (offset) => loops.some((loop) => contains(loop, offset));
}

/** The `for` / `while` statements of `definition` around `node`. */
function loopsAround(node: SyntaxNode, definition: SyntaxNode): SyntaxNode[] {
  const loops: SyntaxNode[] = [];
  for (let around = node.parent; around && around.id !== definition.id; around = around.parent) {
    if (around.type === 'for_statement' || around.type === 'while_statement') loops.push(around);
  }
  return loops;
}
