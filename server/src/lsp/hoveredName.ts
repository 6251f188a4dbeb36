// What the identifier under the cursor names: a qualified API name through imports and aliases
// (`t.sleep` → `time.sleep`, `loop.close` → `asyncio.AbstractEventLoop.close`), a name in an import
// statement, or else the known class of a variable's value (`tg` → `asyncio.TaskGroup`).
import { canonicalName, type Point, type SemanticModel, type SyntaxNode } from '../../engine/src';

export interface HoveredName {
  /** The hovered expression as written. */
  readonly text: string;
  /** The qualified name it stands for, when it names something (a module, function, class, method…). */
  readonly qualifiedName?: string;
  /** Otherwise the qualified class of its value, when the model knows it. */
  readonly valueType?: string;
  readonly start: Point;
  readonly end: Point;
}

export function hoveredName(model: SemanticModel, point: Point): HoveredName | undefined {
  const node = model.root.descendantForPosition(point);
  if (!node || node.type !== 'identifier') return undefined;
  const imported = importedName(node);
  if (imported !== undefined) return imported ?? undefined;
  const parent = node.parent;
  // Names being defined or keyword names are not uses of an API.
  if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) return undefined;
  if ((parent?.type === 'function_definition' || parent?.type === 'class_definition') && parent.childForFieldName('name')?.id === node.id) {
    return undefined;
  }
  const expression = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id ? parent : node;
  const location = { text: expression.text, start: expression.startPosition, end: expression.endPosition };
  const qualifiedName = model.qualifiedName(expression);
  if (qualifiedName !== undefined) return { ...location, qualifiedName };
  const valueType = model.typeOf(expression);
  return valueType === undefined ? undefined : { ...location, valueType };
}

/**
 * For an identifier inside an import statement, the module or name it imports (`asyncio.subprocess`
 * for `subprocess` in `import asyncio.subprocess`); null inside a relative import; undefined elsewhere.
 */
function importedName(identifier: SyntaxNode): HoveredName | null | undefined {
  let part: SyntaxNode = identifier;
  if (part.parent?.type === 'dotted_name') part = part.parent;
  const holder = part.parent;
  if (!holder) return undefined;
  if (holder.type === 'relative_import') return null;
  const aliased = holder.type === 'aliased_import' ? holder : undefined;
  const statement = aliased ? aliased.parent : holder;
  if (statement?.type !== 'import_statement' && statement?.type !== 'import_from_statement') return undefined;
  // `import a.b as c`: the alias stands for the whole dotted name.
  const dotted = aliased ? aliased.childForFieldName('name') : part;
  if (!dotted) return null;
  const isAlias = aliased !== undefined && part.id !== dotted.id;
  // Inside a dotted name, hovering `a` in `a.b.c` names `a`.
  const upTo = isAlias || dotted.type !== 'dotted_name' ? dotted.text : dotted.text.slice(0, identifier.endIndex - dotted.startIndex);
  const start = isAlias ? identifier.startPosition : dotted.startPosition;
  let name = upTo;
  if (statement.type === 'import_from_statement') {
    const module = statement.childForFieldName('module_name');
    if (!module || module.type !== 'dotted_name') return null;
    if (module.id !== dotted.id) name = `${module.text}.${upTo}`;
  }
  return { text: isAlias ? identifier.text : upTo, qualifiedName: canonicalName(name), start, end: identifier.endPosition };
}
