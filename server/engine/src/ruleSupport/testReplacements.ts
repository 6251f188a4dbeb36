// Calls by which a test replaces an attribute for its duration: `mock.patch("asyncio.get_event_loop")`,
// `mock.patch.object(loop, "run_in_executor", wraps=loop.run_in_executor)`, `monkeypatch.setattr(asyncio,
// "get_event_loop", fake)`. Such a test pins the code it replaces a part of as written, and rules leave the code alone
// where their fix would step around the replacement (executorSpies.ts, getEventLoopPatches.ts).
import { argumentAt, plainStringText, unparenthesize } from '../analysis/pythonSyntax';
import type { SyntaxNode } from '../analysis/pythonParser';
import type { SemanticModel } from '../analysis/semanticModel';

/** What a replacing call replaces: `holderPath` or `holder`, and the attribute of it. */
interface Replacement {
  readonly attribute: string;
  /** Where the holder is named by a dotted string: `asyncio` of `patch("asyncio.get_event_loop")`. */
  readonly holderPath?: string;
  /** Where it is an expression: `loop` of `patch.object(loop, "run_in_executor", ...)`. */
  readonly holder?: SyntaxNode;
}

/** The words a module replacing something this way mentions (a cheap test of its text before parsing it). */
export const REPLACING_WORDS = ['patch', 'setattr'] as const;

/**
 * Whether the text of `model` may hold a call replacing `attribute`: it names it in quotes, as each such call does, and
 * a way to replace it. Most modules merely calling the attribute are not read further.
 */
export function mayReplace(model: SemanticModel, attribute: string): boolean {
  return (
    (model.textContains(`${attribute}"`) || model.textContains(`${attribute}'`)) && REPLACING_WORDS.some((word) => model.textContains(word))
  );
}

/**
 * `patch.object(holder, "attribute", ...)` (also `mocker.patch.object`), `monkeypatch.setattr(holder, "attribute",
 * ...)` (also the builtin `setattr`), `patch("holder.path.attribute", ...)` and `monkeypatch.setattr("holder.path.attribute",
 * value)`; undefined for any other call.
 */
export function replacementBy(call: SyntaxNode, model: SemanticModel): Replacement | undefined {
  const callee = model.calleeLastName(call);
  if (callee !== 'object' && callee !== 'setattr' && callee !== 'patch') return undefined;
  const first = argumentAt(call, 0);
  const path = first && plainStringText(unparenthesize(first));
  if (callee === 'patch' || (callee === 'setattr' && path !== undefined)) return path === undefined ? undefined : replacementAt(path);
  const attribute = stringAt(call, 1);
  return first && attribute !== undefined ? { attribute, holder: first } : undefined;
}

function replacementAt(path: string): Replacement | undefined {
  const dot = path.lastIndexOf('.');
  return dot > 0 ? { attribute: path.slice(dot + 1), holderPath: path.slice(0, dot) } : undefined;
}

function stringAt(call: SyntaxNode, index: number): string | undefined {
  const argument = argumentAt(call, index);
  return argument && plainStringText(unparenthesize(argument));
}

/**
 * The names (last names of dotted ones) that `node` mentions other than as what a call calls: what a replacing test
 * sets up or checks (`run.assert_any_call(None, provider._save, token)`, `get_loop.return_value.create_connection =
 * AsyncMock(...)`).
 */
export function namesNotCalled(node: SyntaxNode): string[] {
  const names: string[] = [];
  for (const identifier of node.descendantsOfType('identifier')) if (identifier && !isCalled(identifier)) names.push(identifier.text);
  return names;
}

/** Whether `identifier` is what a call calls: `f` of `f()`, `helper` of `mod.helper()`. */
function isCalled(identifier: SyntaxNode): boolean {
  let callee = identifier;
  const parent = identifier.parent;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) callee = parent;
  const call = callee.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === callee.id;
}
