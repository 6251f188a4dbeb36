// Hosts taken from a URL a parameter holds: `urlsplit(url).hostname`, `urlparse(url).hostname`, or the `.hostname`
// of a name bound only to such a split, where `url` is a parameter of the function (or that parameter with a prefix
// written before it, `url = "//" + url`, which keeps what names the host). A datagram socket's `connect` to such a host
// looks it up only where the URL names a host rather than a numeric address, which the URL the caller passes decides:
// async_upnp_client's `get_local_ip(target_url)`, whose helper `_target_url_to_addr(target_url)` returns
// `(urlsplit(target_url).hostname or EXTERNAL_IP, port)`. LOOP108 then says when such a call blocks (see blocksOnlyWhen).
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, callArguments, plainStringText, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { plainFunctionCalled, returnedValues } from './fileLocalFunctions';
import { assigned, everyBinding } from './flagValues';
import { isNumericHost } from './numericHost';
import { parametersOf } from './parameterGuard';

/** The functions splitting a URL into parts, the host among them (`.hostname`, None where the URL names none). */
const URL_SPLITTERS: ReadonlySet<string> = new Set(['urllib.parse.urlsplit', 'urllib.parse.urlparse']);

/**
 * The parameter whose URL names a host: read as `url` where the function splits it or hands it to a helper
 * (`urlsplit(url)`, `_target_url_to_addr(url)`); `prefixed` where the function (or the helper) writes something before
 * it first, so that the URL a caller passes is not the one split.
 */
interface UrlOrigin {
  readonly url: SyntaxNode;
  readonly prefixed: boolean;
}

/** What a host may hold: a numeric address only, or the host of the URL a parameter holds (else a numeric address). */
type HostOrigin = 'numeric' | UrlOrigin;

/**
 * For a datagram socket's `connect(address)` in `scope`: the parameter of its function whose URL names the host it
 * connects to, where `address` is `(host, port)` or a name bound only to the tuple a plain function of this file
 * returns (each of its `return`s giving, first, the host of the URL its parameter holds, or a numeric address), the
 * call handing that parameter the caller's own. Undefined where any other host may be connected to.
 */
export function connectUrlOrigin(address: SyntaxNode, scope: Scope, model: SemanticModel): UrlOrigin | undefined {
  const origin = addressOrigin(address, scope, model, 0);
  return origin === undefined || origin === 'numeric' ? undefined : origin;
}

function addressOrigin(address: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): HostOrigin | undefined {
  const written = unparenthesize(address);
  if (written.type === 'tuple') {
    const host = written.namedChildren[0];
    return host && hostOrigin(host, scope, model, depth);
  }
  if (written.type === 'call') return returnedOrigin(written, scope, model);
  if (written.type !== 'identifier') return undefined;
  return sameOrigin(everyOrigin(written, scope, model, depth, (value, at) => addressOrigin(value, at, model, depth + 1)));
}

/**
 * The origin of the host a call of a plain function of this file returns first: each of its `return`s gives a tuple
 * whose host is the URL of one of its parameters (or a numeric address), and the call passes that parameter a
 * parameter of the caller.
 */
function returnedOrigin(call: SyntaxNode, scope: Scope, model: SemanticModel): HostOrigin | undefined {
  const definition = callArguments(call).hasUnpacking ? undefined : plainFunctionCalled(call, scope, model);
  const helperScope = definition && model.scopeOfDefinition(definition);
  const returned = helperScope && returnedValues(definition!, model);
  if (!returned) return undefined;
  const origins = returned.map((tuple) => {
    const host = tuple.type === 'expression_list' || tuple.type === 'tuple' ? tuple.namedChildren[0] : undefined;
    // (The names followed in the helper are counted afresh: no helper is followed from it.)
    return host && hostOrigin(host, helperScope, model, 0);
  });
  const inHelper = sameOrigin(origins);
  if (inHelper === undefined || inHelper === 'numeric') return inHelper;
  // The helper's parameter, as the call fills it: a parameter of the caller.
  const parameter = parametersOf(definition!).byName.get(inHelper.url.text);
  const passed = parameter && argumentAt(call, parameter.position ?? Number.POSITIVE_INFINITY, inHelper.url.text);
  const outer = passed && urlOrigin(passed, scope, model, 0);
  return outer && { url: outer.url, prefixed: outer.prefixed || inHelper.prefixed };
}

/**
 * The origin of a host: `parts.hostname` of a split URL (see splitOrigin), `host or FALLBACK` with a numeric fallback
 * (the hostname is None where the URL names no host), a numeric address written as a string, or a name bound only to
 * such values.
 */
function hostOrigin(written: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): HostOrigin | undefined {
  const node = unparenthesize(written);
  if (node.type === 'string') {
    const text = plainStringText(node);
    return text !== undefined && isNumericHost(text) ? 'numeric' : undefined;
  }
  if (node.type === 'attribute') {
    const parts = node.childForFieldName('object');
    return node.childForFieldName('attribute')?.text === 'hostname' && parts ? splitOrigin(parts, scope, model, depth) : undefined;
  }
  if (node.type === 'boolean_operator' && node.childForFieldName('operator')?.type === 'or') {
    const host = node.childForFieldName('left');
    const fallback = node.childForFieldName('right');
    if (!host || !fallback || hostOrigin(fallback, scope, model, depth) !== 'numeric') return undefined;
    return hostOrigin(host, scope, model, depth);
  }
  if (node.type !== 'identifier') return undefined;
  return sameOrigin(everyOrigin(node, scope, model, depth, (value, at) => hostOrigin(value, at, model, depth + 1)));
}

/** `urlsplit(url)` or `urlparse(url)` of a parameter's URL (see urlOrigin), or a name bound only to such a split. */
function splitOrigin(written: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): UrlOrigin | undefined {
  const node = unparenthesize(written);
  if (node.type === 'call') {
    const url = argumentAt(node, 0, 'url');
    return url && URL_SPLITTERS.has(model.calleeName(node, scope) ?? '') ? urlOrigin(url, scope, model, depth) : undefined;
  }
  if (node.type !== 'identifier') return undefined;
  const origin = sameOrigin(everyOrigin(node, scope, model, depth, (value, at) => splitOrigin(value, at, model, depth + 1)));
  return origin === 'numeric' ? undefined : origin;
}

/**
 * A parameter of the function read where `written` is, as it came (`url`) or with a prefix written before it (`url =
 * "//" + url`, a local every binding of which reaching the read is one of these).
 */
function urlOrigin(written: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): UrlOrigin | undefined {
  const node = unparenthesize(written);
  if (node.type !== 'identifier') return undefined;
  let prefixed = false;
  const fromParameter = everyBinding(node, scope, model, depth, (binding) => {
    if (binding.kind === 'parameter') return binding.scope === scope.functionScope && binding.name === node.text;
    if (binding.kind !== 'assignment' || !binding.value) return false;
    const value = unparenthesize(binding.value);
    const prefix =
      value.type === 'binary_operator' && value.childForFieldName('operator')?.type === '+' ? value.childForFieldName('left') : null;
    const rest = value.childForFieldName('right');
    prefixed = true;
    return prefix?.type === 'string' && plainStringText(prefix) !== undefined && rest?.type === 'identifier' && rest.text === node.text;
  });
  return fromParameter ? { url: node, prefixed } : undefined;
}

/** The origins of each binding of `name` reaching its read (undefined among them where one is not known). */
function everyOrigin<T>(
  name: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  depth: number,
  origin: (value: SyntaxNode, scope: Scope) => T | undefined,
): (T | undefined)[] {
  const found: (T | undefined)[] = [];
  const known = everyBinding(name, scope, model, depth, (binding) =>
    assigned(binding, (value, at) => {
      found.push(origin(value, at));
      return true;
    }),
  );
  return known ? found : [undefined];
}

/**
 * The one origin of several values: numeric where each is; else the URL of one parameter, which each other value is
 * too or is numeric. Undefined where one is not known or two parameters differ.
 */
function sameOrigin(origins: readonly (HostOrigin | undefined)[]): HostOrigin | undefined {
  if (origins.length === 0 || origins.some((origin) => origin === undefined)) return undefined;
  const urls = origins.filter((origin): origin is UrlOrigin => origin !== 'numeric' && origin !== undefined);
  const first = urls[0];
  if (first === undefined) return 'numeric';
  if (!urls.every((url) => url.url.text === first.url.text)) return undefined;
  return { ...first, prefixed: urls.some((url) => url.prefixed) };
}
