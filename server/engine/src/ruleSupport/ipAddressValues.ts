// Hosts the `ipaddress` module writes: `str(ip)`, `f"{ip}"`, `ip.exploded` and `ip.compressed` of an `IPv4Address` or
// `IPv6Address` are a numeric address, which getaddrinfo and a datagram socket's `connect` parse without asking a name
// server (async_upnp_client's `socket.getaddrinfo(str(target_ip), target_port, ...)`, its `target_ip` unpacked from a
// helper returning `IPv4Address(...)`). The code says a value is such an address where it makes one
// (`ipaddress.ip_address(text)`, `ip_interface(text).ip`), where a parameter's annotation names only address classes
// (not `Optional[...]`, nor with a None default: `str(None)` is a name to look up), or where a function of this file
// returns one (its return annotation says so, or each of its `return`s gives one; an item of the tuple it returns
// likewise). An interface is no address here: its text carries the prefix length (`10.0.0.1/24`).
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, unparenthesize } from '../analysis/pythonSyntax';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { annotatedClassNames } from './annotatedClasses';
import { plainFunctionCalled, returnedValues } from './fileLocalFunctions';
import { assigned, everyBinding } from './flagValues';

/** The calls that make an address, and the classes an address is an instance of. */
const ADDRESS_CLASSES: ReadonlySet<string> = new Set(['ipaddress.IPv4Address', 'ipaddress.IPv6Address']);
const ADDRESS_MAKERS: ReadonlySet<string> = new Set([...ADDRESS_CLASSES, 'ipaddress.ip_address']);

/** The calls that make an interface, whose `.ip` is its address. */
const INTERFACE_MAKERS: ReadonlySet<string> = new Set(['ipaddress.IPv4Interface', 'ipaddress.IPv6Interface', 'ipaddress.ip_interface']);

/** The attributes of an address that are its text: the long form and the short one. */
const TEXT_ATTRIBUTES: ReadonlySet<string> = new Set(['exploded', 'compressed']);

/** How many names and functions deep an address is followed (`ip = helper()`, `helper` returning `IPv4Address(text)`). */
const MAX_DEPTH = 4;

/** Targets assigning several values at once (`ip, port = split(address)`). */
const PATTERNS: ReadonlySet<string> = new Set(['pattern_list', 'tuple_pattern']);

/** Whether `written` (read in `scope`) is the text of an `ipaddress` address: `str(ip)`, `f"{ip}"`, `ip.exploded`, `ip.compressed`. */
export function isAddressText(written: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): boolean {
  const node = unparenthesize(written);
  const formatted = formattedValue(node, scope, model);
  return formatted !== undefined && isAddress(formatted, scope, model, depth);
}

/** The value `node` is the text of: the argument of `str(value)`, the only field of `f"{value}"`, the object of `value.exploded`. */
function formattedValue(node: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode | undefined {
  if (node.type === 'call') {
    const { positional, keywords, hasUnpacking } = callArguments(node);
    const only = positional.length === 1 && keywords.size === 0 && !hasUnpacking ? positional[0] : undefined;
    return only && model.calleeName(node, scope) === 'builtins.str' ? only : undefined;
  }
  if (node.type === 'attribute') {
    return TEXT_ATTRIBUTES.has(node.childForFieldName('attribute')?.text ?? '')
      ? (node.childForFieldName('object') ?? undefined)
      : undefined;
  }
  if (node.type !== 'string' || !/^[rR]?[fF]/.test(node.text)) return undefined;
  // Nothing but one field, formatted as `str` does: no text around it, no format spec, no `!r`, no `=`.
  const parts = node.namedChildren.filter((part) => part.type !== 'string_start' && part.type !== 'string_end');
  const field = parts.length === 1 && parts[0]!.type === 'interpolation' ? parts[0]! : undefined;
  const value = field?.childForFieldName('expression');
  return value && (field!.text === `{${value.text}}` || field!.text === `{${value.text}!s}`) ? value : undefined;
}

/**
 * Whether `written` (read in `scope`) is an `IPv4Address` or `IPv6Address`: made by a call of the class or of
 * `ip_address`, the `.ip` of an interface, what a function of this file returns (see returnsAddress), or a name each
 * binding of which reaching the read is one of these, an item unpacked from one such function's tuple, or a parameter
 * annotated so (see isAddressParameter). `depth` counts the names followed.
 */
function isAddress(written: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): boolean {
  const node = unparenthesize(written);
  if (node.type === 'call') {
    if (ADDRESS_MAKERS.has(model.calleeName(node, scope) ?? '')) return true;
    const definition = plainFunctionCalled(node, scope, model);
    return definition !== undefined && returnsAddress(definition, undefined, model, depth);
  }
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    return node.childForFieldName('attribute')?.text === 'ip' && object !== null && isInterface(object, scope, model, depth);
  }
  if (node.type !== 'identifier') return false;
  return everyBinding(
    node,
    scope,
    model,
    depth,
    (binding) =>
      assigned(binding, (value, at) => isAddress(value, at, model, depth + 1)) ||
      isUnpackedAddress(binding, model, depth + 1) ||
      isAddressParameter(binding, model),
  );
}

/** `ipaddress.ip_interface(text)`, `IPv4Interface(text)`, or a name bound only to such a call. */
function isInterface(written: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): boolean {
  const node = unparenthesize(written);
  if (node.type === 'call') return INTERFACE_MAKERS.has(model.calleeName(node, scope) ?? '');
  if (node.type !== 'identifier') return false;
  return everyBinding(node, scope, model, depth, (binding) => assigned(binding, (value, at) => isInterface(value, at, model, depth + 1)));
}

/**
 * A parameter annotated with address classes only (`ip: IPv4Address`, `ip: IPv4Address | IPv6Address`): not one
 * defaulting to None (an implicit Optional), nor `*addresses` (a tuple of them).
 */
function isAddressParameter(binding: Binding, model: SemanticModel): boolean {
  if (binding.kind !== 'parameter' || !binding.annotation) return false;
  const parameter = binding.node.parent;
  if (parameter?.type !== 'typed_parameter' && parameter?.type !== 'typed_default_parameter') return false;
  if (parameter.type === 'typed_default_parameter' && parameter.childForFieldName('value')?.type === 'none') return false;
  const classes = annotatedClassNames(binding.annotation, binding.scope, model);
  return classes !== undefined && classes.every((name) => ADDRESS_CLASSES.has(name));
}

/**
 * An item of `a, b = value` that is an address: `value` a call of a function of this file whose tuple holds an address
 * at that index (`target_ip, target_port = ip_port_from_address_tuple(target)`), or a tuple written out.
 */
function isUnpackedAddress(binding: Binding, model: SemanticModel, depth: number): boolean {
  if (binding.kind !== 'assignment' || binding.value) return false;
  const pattern = binding.node.parent;
  const assignment = pattern?.parent;
  if (!pattern || !PATTERNS.has(pattern.type) || assignment?.type !== 'assignment') return false;
  if (assignment.childForFieldName('left')?.id !== pattern.id) return false;
  const targets = pattern.namedChildren;
  if (!targets.every((target) => target.type === 'identifier')) return false;
  const index = targets.findIndex((target) => target.id === binding.node.id);
  const right = assignment.childForFieldName('right');
  const value = right && unparenthesize(right);
  if (!value || index < 0) return false;
  if (value.type === 'expression_list' || value.type === 'tuple') {
    const item = tupleItem(value, index, targets.length);
    return item !== undefined && isAddress(item, binding.scope, model, depth);
  }
  if (value.type !== 'call') return false;
  const definition = plainFunctionCalled(value, binding.scope, model);
  return definition !== undefined && returnsAddress(definition, index, model, depth);
}

/**
 * Whether calling the plain function `definition` (see plainFunctionCalled) returns an address (`item`: a tuple holding
 * one at that index): its return annotation says so, or each value it may return gives one (see returnedValues: it
 * never returns None instead).
 */
function returnsAddress(definition: SyntaxNode, item: number | undefined, model: SemanticModel, depth: number): boolean {
  const scope = model.scopeOfDefinition(definition);
  if (depth >= MAX_DEPTH || !scope) return false;
  // An annotation naming another module's alias (`Tuple[IPvXAddress, int]`) does not tell: the `return`s may.
  const annotation = definition.childForFieldName('return_type');
  const classes = annotation ? annotatedClassNames(annotation, scope.parent ?? scope, model, item) : undefined;
  if (classes?.every((name) => ADDRESS_CLASSES.has(name))) return true;
  const returned = returnedValues(definition, model);
  return (
    returned !== undefined &&
    returned.every((value) => {
      const address = item === undefined ? value : tupleItem(value, item, undefined);
      return address !== undefined && isAddress(address, scope, model, depth + 1);
    })
  );
}

/** The item at `index` of a tuple written out (`ip, port`), where no `*rest` hides the positions; of `length` items if given. */
function tupleItem(tuple: SyntaxNode, index: number, length: number | undefined): SyntaxNode | undefined {
  if (tuple.type !== 'expression_list' && tuple.type !== 'tuple') return undefined;
  const items = tuple.namedChildren.filter((child) => child.type !== 'comment');
  if (items.some((child) => child.type === 'list_splat') || (length !== undefined && items.length !== length)) return undefined;
  return items[index];
}
