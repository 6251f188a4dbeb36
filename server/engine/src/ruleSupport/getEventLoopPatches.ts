// Tests that replace `asyncio.get_event_loop` to hand the code under test a fake loop: `with
// mock.patch("asyncio.get_event_loop") as get_loop:`, then `get_loop.return_value.create_connection = AsyncMock(...)`
// and `await client.connect()`. The call is the project's test seam: `asyncio.get_running_loop()`, which LOOP201 offers
// in a coroutine, is not what such a test replaces, so the fix would hand the code the real loop and break the tests.
// In a coroutine the call returns the running loop anyway, so LOOP201 leaves alone a call such a replacement reaches.
import type { SyntaxNode } from '../analysis/pythonParser';
import { referencesOf, type SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';
import { mayReplace, namesNotCalled, replacementBy } from './testReplacements';

/** The function the tests replace. */
export const PATCHED_FUNCTION = 'get_event_loop';

/** Per model: the paths its replacements of get_event_loop name, and the names their tests mention (see getEventLoopPatches). */
const patchesByModel = new WeakMap<SemanticModel, ReadonlySet<string>>();

/**
 * Whether a test of this file, or of a module of the project importing it (`project`, when it is indexed), replaces
 * the `get_event_loop` that `call` calls and sets up or checks a method the code calls on the loop it gets
 * (`get_loop.return_value.create_connection = ...` for `loop = asyncio.get_event_loop()`, then `await
 * loop.create_connection(...)`): a test of this very call. The replaced path reaches it as `asyncio.get_event_loop`
 * itself (which every `asyncio.get_event_loop()` looks up when it runs, also when patched through another module's name
 * for asyncio, `pkg.api.asyncio.get_event_loop`), or that name in the module of the call (`pkg.api.aio.get_event_loop`,
 * or `pkg.api.get_event_loop` for a name imported with `from asyncio import get_event_loop`).
 */
export function isReplacedByTestPatch(call: SyntaxNode, model: SemanticModel, project: ProjectView | undefined): boolean {
  const methods = loopMethodsCalled(call, model);
  if (methods.length === 0) return false;
  // A replacing test names get_event_loop: re-linting after an edit must look again wherever a changed statement does.
  model.recordDependency(referencesOf(PATCHED_FUNCTION));
  const reaching = pathsReaching(call, model, project?.moduleName);
  const patches = [...getEventLoopPatches(model), ...(project?.getEventLoopPatches() ?? [])];
  // (Paths have dots, the names the replacing functions mention none.)
  return patches.some((patched) => reaching.some((path) => samePath(patched, path))) && methods.some((method) => patches.includes(method));
}

/**
 * The dotted paths (`asyncio.get_event_loop`, `pkg.api.asyncio.get_event_loop`; a relative one as written) at which
 * calls of `model` replace get_event_loop (`patch("...")`, `patch.object(asyncio, "get_event_loop", ...)`,
 * `monkeypatch.setattr(api.asyncio, "get_event_loop", fake)`), and the names (no dot) the functions making them (or
 * decorated by them) mention other than as what they call. Empty for almost every module.
 */
export function getEventLoopPatches(model: SemanticModel): ReadonlySet<string> {
  let found = patchesByModel.get(model);
  if (!found) {
    const patches = new Set<string>();
    // (Reading every scope builds the whole model, which a module summarised for a lookup otherwise builds only in part.)
    const scopes = mayReplace(model, PATCHED_FUNCTION) ? model.scopes : [];
    for (const scope of scopes)
      for (const call of scope.calls) {
        const replacement = replacementBy(call, model);
        if (replacement?.attribute !== PATCHED_FUNCTION) continue;
        const holder = replacement.holderPath ?? (replacement.holder && model.qualifiedName(replacement.holder));
        if (!holder) continue;
        patches.add(`${holder}.${PATCHED_FUNCTION}`);
        const test = decoratedBy(call) ?? (scope.kind === 'function' ? scope.node : undefined);
        if (test) for (const name of namesNotCalled(test)) patches.add(name);
      }
    patchesByModel.set(model, (found = patches));
  }
  return found;
}

/** The function a call decorates (`@mock.patch("pkg.api.get_event_loop")`), if it is a decorator. */
function decoratedBy(call: SyntaxNode): SyntaxNode | undefined {
  const decorator = call.parent;
  if (decorator?.type !== 'decorator') return undefined;
  return decorator.parent?.type === 'decorated_definition' ? (decorator.parent.childForFieldName('definition') ?? undefined) : undefined;
}

/**
 * The methods the code calls on the loop `call` returns: `create_connection` of `asyncio.get_event_loop().create_connection(...)`,
 * or of `loop.create_connection(...)` in the function where `loop = asyncio.get_event_loop()`.
 */
function loopMethodsCalled(call: SyntaxNode, model: SemanticModel): string[] {
  const parent = call.parent;
  if (parent?.type === 'attribute') return [parent.childForFieldName('attribute')?.text ?? ''];
  const target = parent?.type === 'assignment' ? parent.childForFieldName('left') : undefined;
  if (target?.type !== 'identifier') return [];
  const methods: string[] = [];
  for (const attribute of model.scopeOf(call).node.descendantsOfType('attribute')) {
    const receiver = attribute?.childForFieldName('object');
    if (receiver?.type === 'identifier' && receiver.text === target.text)
      methods.push(attribute!.childForFieldName('attribute')?.text ?? '');
  }
  return methods;
}

/**
 * The paths a replacement of the function `call` calls may name: the callee's own, from the module it is imported
 * from (`asyncio.get_event_loop` for `aio.get_event_loop()` after `import asyncio as aio`; none for a name imported
 * alone, bound when its module was imported), and through this module (`pkg.api.aio.get_event_loop`).
 */
function pathsReaching(call: SyntaxNode, model: SemanticModel, moduleName: string | undefined): string[] {
  const written = model.calleeText(call);
  const paths = moduleName ? [`${moduleName}.${written}`] : [];
  const callee = call.childForFieldName('function');
  let root = callee;
  while (root?.type === 'attribute') root = root.childForFieldName('object');
  const rootModule = root && root.id !== callee?.id && root.type === 'identifier' ? model.qualifiedName(root) : undefined;
  if (rootModule) paths.push(`${rootModule}${written.slice(root!.text.length)}`);
  return paths;
}

/**
 * The same path, one perhaps written from a folder further up or down (`src.pkg.api` and `pkg.api`); asyncio's own
 * attribute patched through any module's name for it (`other.asyncio.get_event_loop`) is `asyncio.get_event_loop`.
 */
function samePath(patched: string, reaching: string): boolean {
  return patched === reaching || patched.endsWith(`.${reaching}`) || reaching.endsWith(`.${patched}`);
}
