// Names a fix can use for a module (`asyncio`, `inspect`): the file's own import of it, or the
// module's name plus an edit adding `import <module>` after the docstring, `__future__` imports
// and the leading import block.
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { Scope } from '../../analysis/scope';
import { MODULE_HEADER, type SemanticModel } from '../../analysis/semanticModel';
import type { RuleContext, TextEdit } from '../rule';
import { endOfLine, sourceLayout } from './sourceLayout';
import { insertAt } from './textEdits';

interface ModuleAccess {
  /** How the code at the site spells the module. */
  readonly name: string;
  /** Edits that import it, when the file does not yet. */
  readonly edits: readonly TextEdit[];
}

/**
 * How code at `site` (in `scope`) can refer to `module`; undefined when its name is taken by
 * something else there (a parameter called `asyncio`, say), or when the only import comes later in
 * the same function.
 */
export function moduleAccess(module: string, site: SyntaxNode, scope: Scope, context: RuleContext): ModuleAccess | undefined {
  const { model } = context;
  const binding = model.lookup(module, scope, site.startIndex);
  if (binding) {
    const importsIt = binding.kind === 'import' && binding.importedName === module;
    const inTime = binding.scope.kind === 'module' || binding.position <= site.startIndex;
    return importsIt && inTime ? { name: module, edits: [] } : undefined;
  }
  // `import asyncio as aio` at module level.
  for (const alias of model.moduleImports()) {
    if (alias.importedName !== module) continue;
    if (model.lookup(alias.name, scope, site.startIndex) === alias) return { name: alias.name, edits: [] };
  }
  const insertion = moduleHeaderInsertion(`import ${module}`, context);
  return insertion && { name: module, edits: [insertion] };
}

/**
 * An edit adding `line` as a new module-level line where imports go: after the leading docstring,
 * `from __future__` imports and the block of imports that opens the file (comments between them
 * are skipped), else before the first statement (so shebang, coding and licence comments stay on top).
 */
export function moduleHeaderInsertion(
  line: string,
  context: RuleContext,
  options: { blankLineBefore?: boolean } = {},
): TextEdit | undefined {
  context.model.recordDependency(MODULE_HEADER);
  const layout = sourceLayout(context.lines);
  const eol = layout.eol;
  const { anchorRow, firstRow } = moduleHeader(context.model);
  const blank = options.blankLineBefore ? eol : '';
  if (anchorRow !== undefined) return insertAt(endOfLine(context.lines, anchorRow), `${eol}${blank}${line}`);
  if (firstRow !== undefined) return insertAt({ row: firstRow, column: 0 }, `${line}${eol}${blank}`);
  // Only comments (or nothing): add the line at the end.
  const text = context.lines.text;
  const lastRow = context.lines.lineCount - 1;
  const atEnd = endOfLine(context.lines, lastRow);
  return insertAt(atEnd, text.length === 0 || /[\r\n]$/.test(text) ? `${line}${eol}` : `${eol}${line}${eol}`);
}

const IMPORT_KINDS: ReadonlySet<string> = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

interface ModuleHeader {
  /** The last row of the docstring and leading imports, if the module opens with any. */
  readonly anchorRow?: number;
  /** The first row of the first statement. */
  readonly firstRow?: number;
}

const headers = new WeakMap<SemanticModel, ModuleHeader>();

/** Read once per file: several fixes of one lint may each want to add a line there. */
function moduleHeader(model: SemanticModel): ModuleHeader {
  let header = headers.get(model);
  if (!header) {
    let anchor: SyntaxNode | undefined;
    let first: SyntaxNode | undefined;
    // One statement at a time: the header ends at the first other statement (listing them all cost ~0.3 ms a
    // re-lint in a 5,000-line module).
    const root = model.root;
    for (let index = 0, statement = root.namedChild(0); statement; statement = root.namedChild(++index)) {
      if (statement.type === 'comment') continue;
      const isDocstring = first === undefined && isStringStatement(statement);
      first ??= statement;
      if (isDocstring || IMPORT_KINDS.has(statement.type)) anchor = statement;
      else break;
    }
    header = { anchorRow: anchor?.endPosition.row, firstRow: first?.startPosition.row };
    headers.set(model, header);
  }
  return header;
}

function isStringStatement(statement: SyntaxNode): boolean {
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  const kind = statement.firstNamedChild?.type;
  return kind === 'string' || kind === 'concatenated_string';
}
