// A call made on every branch of an `if` runs whichever branch is taken: vidgear's WebGear_RTC() calls
// generate_webdata() both where a custom location is given and in the `else` that picks a default, and axis's prompt
// calls input() on both branches of `if exists:`. The test of such an `if` is no condition of the call (callGuard
// leaves it out of "may block, when …").
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, ifBranches, lastStartingAtOrBefore, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { conditionsThrough, earlyExits, holdingConstructs, type CallCondition, type HoldingConstruct } from './callCondition';

/** Whether `other` (in `otherScope`) does what the call asked about does, made in another branch. */
export type AlikeCall = (other: SyntaxNode, otherScope: Scope) => boolean;

/**
 * For `call` in `functionNode`: which of the constructs holding it are taken care of by a call `alike` it (by default, a
 * call of the same function with arguments alike: see sameCallee) on each of their branches, each unconditional within
 * its branch (as far as the constructs inside it are not, in turn, so taken care of). `variable`: whether a condition
 * is one at all (a test of a module constant is not).
 */
export function callOnEveryBranch(
  call: SyntaxNode,
  functionNode: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
  variable: (condition: CallCondition) => boolean,
  alike: AlikeCall = sameCallee(call, model, scope),
): (construct: HoldingConstruct) => boolean {
  // Per construct, for this call's question (one lint asks it of few calls: those under an `if` with an `else`).
  const known = new Map<number, boolean>();
  const covered = (construct: HoldingConstruct): boolean => {
    const branches = branchesOf(construct);
    if (!branches) return false;
    const key = branches[0]!.id;
    let answer = known.get(key);
    if (answer === undefined) {
      known.set(key, false);
      answer = branches.every((branch) => reachedIn(branch));
      known.set(key, answer);
    }
    return answer;
  };
  const reachedIn = (branch: SyntaxNode): boolean =>
    callsWithin(model.scopeOf(branch), branch).some(
      ({ call: other, scope: otherScope }) => alike(other, otherScope) && unconditionalWithin(other, otherScope, branch),
    );
  const unconditionalWithin = (other: SyntaxNode, otherScope: Scope, branch: SyntaxNode): boolean => {
    const inside = (node: SyntaxNode): boolean => node.startIndex >= branch.startIndex && node.endIndex <= branch.endIndex;
    const holdings = holdingConstructs(other, functionNode, otherScope).filter((holding) => inside(holding.node));
    if (holdings.some((holding) => conditionsThrough(holding).some(variable) && !covered(holding))) return false;
    // Nor after an early return within the branch (`else: if cached: return cached` before it).
    return !earlyExits(other, functionNode, otherScope).some((exit) => exit !== 'except' && inside(exit.test));
  };
  return covered;
}

/**
 * The branches of the `if` statement (an `elif`'s, too) or conditional expression `construct` is, where one of them
 * always runs: an `if` with an `else`. Undefined for any other construct.
 */
function branchesOf({ node, kind }: HoldingConstruct): SyntaxNode[] | undefined {
  if (kind === 'conditional_expression') {
    const [whenTrue, , whenFalse] = node.namedChildren.filter((child) => child.type !== 'comment');
    return whenTrue && whenFalse ? [whenTrue, whenFalse] : undefined;
  }
  const statement = kind === 'elif_clause' ? node.parent : kind === 'if_statement' ? node : null;
  if (statement?.type !== 'if_statement') return undefined;
  const { blocks, hasElse, complete } = ifBranches(statement);
  return hasElse && complete ? [...blocks] : undefined;
}

/** The calls made in `node` when it runs, with their scopes: those of `scope`, and of the comprehensions within. */
function callsWithin(scope: Scope, node: SyntaxNode): { call: SyntaxNode; scope: Scope }[] {
  const found: { call: SyntaxNode; scope: Scope }[] = [];
  const calls = scope.calls;
  for (let i = lastStartingAtOrBefore(calls, node.startIndex - 1, (call) => call) + 1; i < calls.length; i++) {
    const call = calls[i]!;
    if (call.startIndex >= node.endIndex) break;
    found.push({ call, scope });
  }
  for (const child of scope.children) {
    if (child.kind === 'comprehension' && child.node.startIndex >= node.startIndex && child.node.endIndex <= node.endIndex)
      found.push(...callsWithin(child, child.node));
  }
  return found;
}

/**
 * A call of the same function as `call`, with arguments alike: the same number given by position and the same keywords,
 * and where an argument differs, neither is a literal (`cache=True` on one branch and `cache=False` on the other may
 * decide differently whether the function blocks).
 */
function sameCallee(call: SyntaxNode, model: SemanticModel, scope: Scope): AlikeCall {
  const name = model.calleeName(call, scope) ?? model.calleeText(call);
  const args = callArguments(call);
  return (other, otherScope) => {
    if ((model.calleeName(other, otherScope) ?? model.calleeText(other)) !== name) return false;
    const others = callArguments(other);
    if (others.hasUnpacking !== args.hasUnpacking || others.positional.length !== args.positional.length) return false;
    if (others.keywords.size !== args.keywords.size) return false;
    if (!args.positional.every((argument, i) => alikeArguments(argument, others.positional[i]!))) return false;
    for (const [keyword, argument] of args.keywords) {
      const given = others.keywords.get(keyword);
      if (!given || !alikeArguments(argument, given)) return false;
    }
    return true;
  };
}

/**
 * Of the calls `alike` accepts, those of the same function as `call` (`input()` on both branches, not `requests.get()`
 * on one and `open()` on the other): whichever branch runs, the chain through it names the same call.
 */
export function alikeOfSameFunction(call: SyntaxNode, model: SemanticModel, scope: Scope, alike: AlikeCall): AlikeCall {
  const name = model.calleeName(call, scope) ?? model.calleeText(call);
  return (other, otherScope) => alike(other, otherScope) && (model.calleeName(other, otherScope) ?? model.calleeText(other)) === name;
}

/** Kinds of literal an argument may be that a test of a parameter reads (`cache is None`, `if local:`, `"://" in url`). */
const LITERAL_KINDS: ReadonlySet<string> = new Set([
  'none',
  'true',
  'false',
  'integer',
  'float',
  'string',
  'concatenated_string',
  'list',
  'tuple',
  'set',
  'dictionary',
]);

function alikeArguments(one: SyntaxNode, other: SyntaxNode): boolean {
  if (one.text === other.text) return true;
  return !LITERAL_KINDS.has(unparenthesize(one).type) && !LITERAL_KINDS.has(unparenthesize(other).type);
}
