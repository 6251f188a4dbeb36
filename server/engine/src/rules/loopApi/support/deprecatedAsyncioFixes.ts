// The fixes LOOP207 offers: `asyncio.TimeoutError` → the builtin `TimeoutError` (safe when the target
// version is known: the same class since 3.11) and `asyncio.iscoroutinefunction` → `inspect.iscoroutinefunction` (unsafe: they
// disagree on objects marked as coroutine functions the asyncio way), in references and in imports.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { canonicalName } from '../../../analysis/knownTypes';
import type { Scope } from '../../../analysis/scope';
import { moduleAccess } from '../../../linter/fixes/moduleImports';
import { endsLine, startsLine } from '../../../linter/fixes/sourceLayout';
import { replaceNode, replaceRange, safeFix, unsafeFix } from '../../../linter/fixes/textEdits';
import type { Fix, RuleContext } from '../../../linter/rule';

const TIMEOUT_ERROR = 'asyncio.TimeoutError';
const ISCOROUTINEFUNCTION = 'asyncio.iscoroutinefunction';

/** The fix for a reference such as `asyncio.TimeoutError` (an attribute node). */
export function referenceFix(attribute: SyntaxNode, qualifiedName: string, context: RuleContext): Fix | undefined {
  if (isAssignedTo(attribute)) return undefined;
  const name = canonicalName(qualifiedName);
  if (name === TIMEOUT_ERROR) {
    if (!builtinVisible('TimeoutError', context.scope, context)) return undefined;
    return safeFix('Use the builtin `TimeoutError`', [replaceNode(attribute, 'TimeoutError')]);
  }
  if (name === ISCOROUTINEFUNCTION) {
    const inspect = moduleAccess('inspect', attribute, context.scope, context);
    return (
      inspect &&
      unsafeFix('Use `inspect.iscoroutinefunction`', [...inspect.edits, replaceNode(attribute, `${inspect.name}.iscoroutinefunction`)])
    );
  }
  return undefined;
}

/**
 * The fix for a name in `from asyncio import ...` (`nameNode` is the imported name). A statement
 * importing only `iscoroutinefunction` imports it from `inspect` instead; `TimeoutError` is dropped
 * from the import (the builtin is the same class) or, when aliased, assigned to the alias.
 */
export function importFix(nameNode: SyntaxNode, qualifiedName: string, context: RuleContext): Fix | undefined {
  const statement = nameNode.parent?.type === 'aliased_import' ? nameNode.parent.parent : nameNode.parent;
  const imported = nameNode.parent?.type === 'aliased_import' ? nameNode.parent : nameNode;
  if (statement?.type !== 'import_from_statement') return undefined;
  const names = statement.childrenForFieldName('name');
  const name = canonicalName(qualifiedName);
  if (name === ISCOROUTINEFUNCTION) {
    const module = statement.childForFieldName('module_name');
    if (names.length !== 1 || !module) return undefined;
    return unsafeFix('Import `iscoroutinefunction` from `inspect`', [replaceNode(module, 'inspect')]);
  }
  if (name !== TIMEOUT_ERROR) return undefined;
  const scope = context.model.scopeOf(statement);
  if (!builtinVisible('TimeoutError', scope, context)) return undefined;
  if (imported.type === 'aliased_import') {
    const alias = imported.childForFieldName('alias');
    if (names.length !== 1 || !alias) return undefined;
    // The alias stays bound to the same class, for this module and for code importing it from here.
    return safeFix('Use the builtin `TimeoutError`', [replaceNode(statement, `${alias.text} = TimeoutError`)]);
  }
  // The module no longer has a `TimeoutError` attribute of its own: code importing it from here breaks.
  const message = 'Remove the import: `TimeoutError` is a builtin';
  if (names.length > 1) {
    const index = names.findIndex((candidate) => candidate.id === imported.id);
    const next = names[index + 1];
    const previous = names[index - 1];
    const [start, end] = next ? [imported.startIndex, next.startIndex] : [previous!.endIndex, imported.endIndex];
    if (context.lines.text.slice(start, end).includes('#')) return undefined;
    const startPoint = next ? imported.startPosition : previous!.endPosition;
    const endPoint = next ? next.startPosition : imported.endPosition;
    return unsafeFix(message, [replaceRange(startPoint, endPoint, '')]);
  }
  if (!ownsLines(statement, context)) return undefined;
  const block = statement.parent;
  const siblings = block ? block.namedChildren.filter((child) => child.type !== 'comment') : [];
  if (block?.type === 'block' && siblings.length === 1) return unsafeFix(message, [replaceNode(statement, 'pass')]);
  // Delete the statement's lines, line break included.
  const startRow = statement.startPosition.row;
  const endRow = statement.endPosition.row;
  const endPoint =
    endRow + 1 < context.lines.lineCount ? { row: endRow + 1, column: 0 } : { row: endRow, column: context.lines.lineText(endRow).length };
  return unsafeFix(message, [replaceRange({ row: startRow, column: 0 }, endPoint, '')]);
}

/** A statement on lines of its own, without a trailing comment (deleting the line would take the comment). */
function ownsLines(statement: SyntaxNode, context: RuleContext): boolean {
  const rest = context.lines.lineText(statement.endPosition.row).slice(statement.endPosition.column);
  return startsLine(statement, context.lines) && endsLine(statement, context.lines) && !rest.includes('#');
}

/**
 * Whether the name `TimeoutError` means the builtin class in `scope` and the scopes around it:
 * nothing binds it there but imports of `asyncio.TimeoutError` (the same class), and no wildcard
 * import may.
 */
function builtinVisible(name: string, scope: Scope, { model }: RuleContext): boolean {
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    if (current.wildcardImports.length > 0) return false;
    const bindings = model.bindingsIn(current, name);
    if (!bindings.every((binding) => binding.kind === 'import' && canonicalName(binding.importedName ?? '') === TIMEOUT_ERROR))
      return false;
  }
  return true;
}

/** `asyncio.TimeoutError = ...`, `del asyncio.X`: replacing the target would change what is assigned. */
function isAssignedTo(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'assignment' || parent.type === 'augmented_assignment') return parent.childForFieldName('left')?.id === node.id;
  return parent.type === 'delete_statement' || parent.type === 'pattern_list' || parent.type === 'tuple_pattern';
}
