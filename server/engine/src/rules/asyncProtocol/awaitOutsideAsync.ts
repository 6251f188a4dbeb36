// LOOP406 await-outside-async: `await`, `async for`, `async with` or an async comprehension where
// Python does not allow them: module level (outside notebooks), plain `def`, `lambda`, class body.
import type { Point, SyntaxNode } from '../../analysis/pythonParser';
import { hasAsyncKeyword } from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';
import { PRECEDING_STATEMENT } from '../../analysis/semanticModel';
import { atLeast } from '../../linter/pythonVersion';
import type { Rule, RuleContext } from '../../linter/rule';

export const awaitOutsideAsync: Rule = {
  code: 'LOOP406',
  name: 'await-outside-async',
  summary: '`await`, `async for` or `async with` outside an async function is a syntax error.',
  defaultSeverity: 'error',
  enabledByDefault: true,
  equivalents: ['PLE1142'],
  fixable: false,
  nodeKinds: ['await', 'for_statement', 'with_statement', 'for_in_clause'],
  check(node, context) {
    const scope = context.scope;
    // Only targets before 3.11 restrict comprehensions inside async functions.
    if (scope.isAsyncContext && (scope.kind !== 'comprehension' || atLeast(context.settings.targetVersion, 3, 11))) return;
    const kind = node.type;
    if (kind !== 'await' && !hasAsyncKeyword(node)) return;
    const placement = placementOf(node, context);
    if (!placement) return;
    if (isInBrokenCode(context)) return;
    const construct = kind === 'await' ? '`await`' : kind === 'with_statement' ? '`async with`' : '`async for`';
    const span = kind === 'await' ? { start: node.startPosition, end: node.endPosition } : keywordSpan(node);
    if (placement === 'nestedComprehension') {
      context.report({
        ...span,
        message: `${construct} in a comprehension nested inside another comprehension is a \`SyntaxError\` before Python 3.11; write the outer level as a loop`,
      });
      return;
    }
    const { where, advice } = describePlace(placement);
    context.report({ ...span, message: `${construct} outside an async function is a \`SyntaxError\` (${where}); ${advice}` });
  },
  doc: {
    whatItDoes:
      'Flags `await`, `async for`, `async with` and async comprehensions (`[x async for x in xs]`, `[await f(x) for x in xs]`) at module level, in a plain `def`, in a `lambda` or in a class body. Inside an `async def`, comprehensions and generator expressions may await. A generator expression that awaits is itself an async generator and is allowed anywhere. In notebooks (which run cells with top-level `await` enabled) module-level uses are allowed, and so in documentation snippets: a file under a `docs/`, `doc/`, `documentation/` or `docs_src/` folder (up to five folders above it; `docs_src/` holds the snippets FastAPI-style docs include into their pages), written for the asyncio REPL (`python -m asyncio`) or IPython and pasted into the pages. When the target version is before 3.11, an async list, set or dict comprehension nested in another comprehension is flagged too, even inside an `async def`. Code inside a region the parser could not read is not checked, since a broken `async def` header can make its body look like module-level code.',
    whyIsThisBad:
      "Python rejects the whole file with `SyntaxError: 'await' outside function` (or `outside async function`) when it is compiled, so nothing in the module runs. Often a function was meant to be `async def`, or a callback written as a `lambda` needs to become a coroutine function.",
    example:
      'import asyncio\n\n\ndef load_config(client):\n    response = await client.get("/config")\n    return response.json()\n\n\nawait asyncio.sleep(0)',
    useInstead:
      'import asyncio\n\n\nasync def load_config(client):\n    response = await client.get("/config")\n    return response.json()\n\n\nasync def main():\n    await asyncio.sleep(0)\n\n\nasyncio.run(main())',
  },
};

/**
 * Where Python rejects the construct: the def, lambda, class or module whose code it is part of,
 * or 'nestedComprehension' for an async list/set/dict comprehension inside another comprehension
 * before 3.11. Undefined where it is allowed: in a coroutine, inside a generator expression (which
 * then becomes an async generator), or at the top level of a notebook.
 */
function placementOf(node: SyntaxNode, context: RuleContext): Scope | 'nestedComprehension' | undefined {
  let scope: Scope | undefined = context.scope;
  // The first iterable of a comprehension is evaluated in the scope around it.
  if (node.type === 'await') {
    while (scope?.kind === 'comprehension' && isInFirstIterable(node, scope.node)) scope = scope.parent;
  }
  const innermost = scope;
  while (scope?.kind === 'comprehension' && !scope.isAsyncContext) {
    if (scope.node.type === 'generator_expression') break;
    scope = scope.parent;
  }
  if (scope && !scope.isAsyncContext && scope.kind !== 'comprehension' && !(scope.kind === 'module' && allowsTopLevelAwait(context))) {
    return scope;
  }
  const isNested =
    innermost?.kind === 'comprehension' &&
    innermost.node.type !== 'generator_expression' &&
    evaluatingScope(innermost)?.kind === 'comprehension';
  return isNested && !atLeast(context.settings.targetVersion, 3, 11) ? 'nestedComprehension' : undefined;
}

/**
 * Module-level `await` is how notebook cells are written, and documentation snippets too: a file of a documentation
 * folder (`docs/`, `doc/`, `documentation/`, `docs_src/`), written for the asyncio REPL (`python -m asyncio`) or IPython and pasted
 * into pages, whose line numbers the pages often quote. (No module can be imported with it, so a file there that
 * awaits at module level is no module of the docs' tooling either.)
 */
function allowsTopLevelAwait(context: RuleContext): boolean {
  if (context.settings.isNotebook) return true;
  const file = context.project?.file;
  if (file === undefined) return false;
  const folders = file.split(/[\\/]/).slice(0, -1).slice(-SNIPPET_FOLDER_DEPTH);
  return folders.some((folder) => DOCUMENTATION_FOLDERS.has(folder.toLowerCase()));
}

/** `docs_src/`: the snippets FastAPI-style docs include into their pages (`{!> ../docs_src/events/example.py !}`). */
const DOCUMENTATION_FOLDERS: ReadonlySet<string> = new Set(['docs', 'doc', 'documentation', 'docs_src']);
/** How far up from the file a documentation folder is looked for (`docs/examples_src/engine/async/count.py`). */
const SNIPPET_FOLDER_DEPTH = 5;

/** The scope that evaluates a comprehension: its parent, or further out when it sits in a first iterable. */
function evaluatingScope(comprehension: Scope): Scope | undefined {
  let inner = comprehension;
  let outer = comprehension.parent;
  while (outer?.kind === 'comprehension' && isInFirstIterable(inner.node, outer.node)) {
    inner = outer;
    outer = outer.parent;
  }
  return outer;
}

function isInFirstIterable(node: SyntaxNode, comprehension: SyntaxNode): boolean {
  const firstClause = comprehension.namedChildren.find((child) => child.type === 'for_in_clause');
  const iterable = firstClause?.childForFieldName('right');
  return iterable !== undefined && iterable !== null && node.startIndex >= iterable.startIndex && node.endIndex <= iterable.endIndex;
}

/**
 * tree-sitter's error recovery can detach a broken `async def`'s body (`async def f()` without the
 * colon), or swallow the `async` of the next definition: the awaits then sit in an ERROR node, in
 * a statement that contains errors or follows one, or in a module-level statement that is still
 * indented. Python reports the syntax error instead, and so does LOOP000.
 */
function isInBrokenCode({ model, lines, statement: topLevel }: RuleContext): boolean {
  // Whatever is decided below, on any level, reads the code around: the statement before included.
  model.recordDependency(PRECEDING_STATEMENT);
  // An error anywhere inside marks every ancestor up to the top-level statement (`hasError`), and an
  // ERROR sibling marks their parent: only the top level needs looking at (walking up was cubic in the depth).
  if (topLevel.hasError || topLevel.previousSibling?.type === 'ERROR') return true;
  const { row, column } = topLevel.startPosition;
  return column > 0 && lines.lineText(row).slice(0, column).trim() === '';
}

function describePlace(scope: Scope): { where: string; advice: string } {
  switch (scope.kind) {
    case 'function':
      return {
        where: `in plain function \`${scope.name}\``,
        advice: `declare \`${scope.name}\` with \`async def\` and await it where it is called`,
      };
    case 'lambda':
      return { where: 'in a lambda', advice: 'a lambda cannot be async: use a nested `async def` instead' };
    case 'class':
      return { where: `in the body of class \`${scope.name}\``, advice: 'move it into an `async def` method' };
    default:
      return { where: 'at module level', advice: 'move it into an `async def` and run that with `asyncio.run()`' };
  }
}

/** From `async` to the `for`/`with` keyword after it. */
function keywordSpan(node: SyntaxNode): { start: Point; end: Point } {
  let asyncToken: SyntaxNode | undefined;
  for (const child of node.children) {
    if (child.type === 'async') asyncToken = child;
    else if (asyncToken && (child.type === 'for' || child.type === 'with'))
      return { start: asyncToken.startPosition, end: child.endPosition };
  }
  return { start: node.startPosition, end: node.endPosition };
}
