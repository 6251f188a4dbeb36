// Scripts: modules run rather than imported (an example, a tool), whose public functions no other module is expected
// to call. A rule may then read a script's public module-level function as it reads a private `_name`: by its uses in
// the file (LOOP201, LOOP202: a `stop()` only handed to `loop.call_later` runs on the running loop).
import type { SyntaxNode } from '../analysis/pythonParser';
import { plainStringText, unparenthesize } from '../analysis/pythonSyntax';
import type { RuleContext } from '../linter/rule';

/**
 * Whether the file is a script: a top-level module outside any package (the project names it without a dot:
 * `examples/demo.py` with no `__init__.py` beside it is `demo`), with an `if __name__ == "__main__":` of its own at
 * module level. A module of a package is importable by its dotted name, its public functions part of what it offers,
 * even with a `__main__` block for trying it out; a lone module without one may be a one-file library. Unknown (false)
 * where the project is not indexed: the module's name is not known then.
 */
export function isScript({ model, project }: Pick<RuleContext, 'model' | 'project'>): boolean {
  if (!project || project.moduleName.includes('.')) return false;
  return model.mentionsOf('__name__').some((mention) => isMainGuard(mention));
}

/** Whether `mention` (an identifier `__name__`) is tested in `if __name__ == "__main__":` at module level. */
function isMainGuard(mention: SyntaxNode): boolean {
  const comparison = mention.parent;
  if (comparison?.type !== 'comparison_operator' || comparison.namedChildCount !== 2 || !comparison.text.includes('==')) return false;
  const condition = comparison.parent?.type === 'parenthesized_expression' ? comparison.parent : comparison;
  const test = condition.parent;
  if (test?.type !== 'if_statement' || test.childForFieldName('condition')?.id !== condition.id || test.parent?.type !== 'module')
    return false;
  const other = comparison.namedChildren.find((side) => side.id !== mention.id);
  return other !== undefined && plainStringText(unparenthesize(other)) === '__main__';
}
