// A blocking call its author has accepted: its line carries a `# noqa` listing the rule that flags it, by our code or
// name or by an equivalent code (Ruff's `ASYNC230` for `open`, also a pre-0.5 one such as `ASYNC101`). cryptofeed's
// playback reads its recorded messages in a helper class with `open(...)  # noqa: ASYNC230`: the author decided that
// read may block. LOOP108 ends no chain there, in one file and across modules; a bare `# noqa`, which may be about
// anything on the line (its length, an import), is no such decision.
import type { SyntaxNode } from '../analysis/pythonParser';
import { listsRule, noqaMatches } from '../linter/suppression';
import type { RuleInfo } from '../linter/rule';

type NoqaRule = Pick<RuleInfo, 'code' | 'name' | 'equivalents'>;

/** Whether a comment on the first or last line of `call` is a `# noqa` listing `rule`. */
export function isAcceptedBlockingCall(call: SyntaxNode, rule: NoqaRule): boolean {
  const rows = new Set([call.startPosition.row, call.endPosition.row]);
  for (const row of rows) {
    const comment = trailingComment(call, row);
    if (comment === undefined) continue;
    for (const match of noqaMatches(comment.text)) if (match.items !== undefined && listsRule(match.items, rule)) return true;
  }
  return false;
}

/**
 * The comment on line `row` of the code around `call`, if there is one. Tree-sitter hangs a comment on the node around
 * it: the call's argument list (`open(path,  # noqa`), or a node holding the call up to its statement (`x = open(p)  #
 * noqa` is the block's, `with open(p) as f:  # noqa` the `with` statement's).
 */
function trailingComment(call: SyntaxNode, row: number): SyntaxNode | undefined {
  const holders = [call.childForFieldName('arguments')];
  for (let node: SyntaxNode | null = call; node; node = node.parent) {
    holders.push(node.parent);
    if (node.parent?.type === 'block' || node.parent?.type === 'module') break;
  }
  for (const holder of holders)
    for (const child of holder?.children ?? []) if (child.type === 'comment' && child.startPosition.row === row) return child;
  return undefined;
}
