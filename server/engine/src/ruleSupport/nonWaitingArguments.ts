// Blocking calls whose arguments say they do not wait: `time.sleep(0)` gives up the GIL for a moment and returns (it
// is how code lets other threads run), and a file opened at the null device (`open(os.devnull, "w")`,
// `Path(os.devnull).open("rb")`) reads end-of-file and swallows writes at once, with no disk behind it, and
// `open()` of a file descriptor the process holds already (`open(0, "rb", closefd=False)`, the write end of an
// `os.pipe()`) only wraps it in a file object, opening no path, and `urllib.request.urlopen` of a `data:` URL decodes
// it in memory (a literal, or a name tested with `url.startswith("data:")` where the call runs), and a read of a
// kernel pseudo-file of procfs or cgroupfs (`Path("/proc/net/route").read_text()`) is answered from the kernel's
// memory, with no disk or device behind it (other `/sys` files may have one: a 1-Wire sensor's read takes most of a
// second; and writing `/proc/sys/vm/drop_caches` sets off work), and a compressed file made over a file object
// (`gzip.GzipFile(fileobj=buffer)`, `gzip.open(io.BytesIO(data))`) opens no path. The blocking-call rules (LOOP101,
// LOOP102, LOOP104) and the workspace index's summaries (LOOP108's chains across modules) leave such calls alone.
import { PATH } from '../analysis/knownTypes';
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { earlyExits, enclosingConditions } from './callCondition';
import { literalSleepSeconds } from './briefSleep';
import { bindingsReaching } from './reachingBindings';

/** Functions opening the file named by their first argument (`file`, `filename` by keyword). */
const FILE_OPENERS: ReadonlyMap<string, string> = new Map([
  ['builtins.open', 'file'],
  ['io.open', 'file'],
  ['io.open_code', 'path'],
  ['codecs.open', 'filename'],
]);

/** `Path` methods that open the file the path names. */
const PATH_FILE_METHODS: ReadonlySet<string> = new Set(
  ['open', 'read_text', 'read_bytes', 'write_text', 'write_bytes'].map((m) => `${PATH}.${m}`),
);

/**
 * The compression modules' openers, which take a file object in place of a path (their `filename`): with the position
 * of `fileobj`, for `gzip.GzipFile`, given which it opens no path (the file name then only goes in the header).
 */
const COMPRESSED_FILE_OPENERS: ReadonlyMap<string, { readonly fileObjectAt?: number }> = new Map([
  ['gzip.open', {}],
  ['bz2.open', {}],
  ['lzma.open', {}],
  ['gzip.GzipFile', { fileObjectAt: 3 }],
  ['bz2.BZ2File', {}],
  ['lzma.LZMAFile', {}],
]);

/** File objects held in memory, with no file behind them. */
const IN_MEMORY_FILES: ReadonlySet<string> = new Set(['io.BytesIO', 'io.StringIO']);

/** Openers that take a file descriptor in place of a path (an `int`), and wrap it in a file object. */
const DESCRIPTOR_OPENERS: ReadonlySet<string> = new Set(['builtins.open', 'io.open']);

/** Calls returning a new descriptor for one the process holds (`os.open`, which opens a path, is not one). */
const DESCRIPTOR_COPIES: ReadonlySet<string> = new Set(['os.dup', 'os.dup2']);

/** Calls returning a pair of descriptors, unpacked into two names (`read_end, write_end = os.pipe()`). */
const DESCRIPTOR_PAIRS: ReadonlySet<string> = new Set(['os.pipe', 'os.openpty', 'pty.openpty']);

/** The null device's name: `os.devnull` (also as `os.path.devnull`, and `posixpath`'s / `ntpath`'s own). */
const NULL_DEVICE_NAMES: ReadonlySet<string> = new Set(['os.devnull', 'os.path.devnull', 'posixpath.devnull', 'ntpath.devnull']);

/** `"/dev/null"` written as a literal (`b"/dev/null"` too; an f-string's text is not its value). */
const NULL_DEVICE_LITERAL = /^[rRbBuU]{0,2}(['"])\/dev\/null\1$/;

/**
 * A path below `/proc/` or `/sys/fs/cgroup/` written as a literal, an f-string too (`f"/proc/{pid}/status"`: what it
 * puts in is a process id or a name below), with no `..` written.
 */
const KERNEL_FILE_LITERAL = /^[rRbBuUfF]{0,2}(['"])\/(?:proc|sys\/fs\/cgroup)\/(?!.*\.\.)/;

/** A mode that only reads (`"r"`, `"rb"`, `"rt"`): writing a kernel file may set off work (`/proc/sys/vm/drop_caches`). */
const READ_MODE_LITERAL = /^[rRuU]?(['"])[rbtU]+\1$/;

/** Whether `call` (to `qualifiedName`, made in `scope`) returns at once because of what it is given. */
export function argumentsRuleOutBlocking(qualifiedName: string, call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  // `time.sleep(0)` or `time.sleep(0.0)`, as a literal: any other duration, or one not known here, may wait.
  if (qualifiedName === 'time.sleep') return literalSleepSeconds(call) === 0;
  const keyword = FILE_OPENERS.get(qualifiedName);
  if (keyword !== undefined) {
    const file = onlyArgumentAt(call, keyword);
    if (DESCRIPTOR_OPENERS.has(qualifiedName) && wrapsDescriptor(call, file, model, scope)) return true;
    if (file === undefined) return false;
    return namesNullDevice(file, model, scope) || (isKernelFile(file) && onlyReads(qualifiedName, call, 1));
  }
  const compressed = COMPRESSED_FILE_OPENERS.get(qualifiedName);
  if (compressed) return wrapsFileObject(call, compressed.fileObjectAt, model, scope);
  if (PATH_FILE_METHODS.has(qualifiedName)) {
    const path = pathOpened(call, model, scope);
    if (!path) return false;
    return namesNullDevice(path.file, model, path.scope) || (isKernelFile(path.file) && onlyReads(qualifiedName, call, 0));
  }
  if (qualifiedName === 'urllib.request.urlopen') {
    const url = onlyArgumentAt(call, 'url');
    return url !== undefined && isDataUrl(url, call, model, scope);
  }
  return false;
}

const DATA_URL_LITERAL = /^[rRuU]?(['"])data:/;

/**
 * A `data:` URL: a literal, or a parameter (bound nowhere else in its function) that the call runs only where it
 * starts with `"data:"` (`if url.startswith("data:"):` around it, or `if not url.startswith("data:"): raise ...` before).
 */
function isDataUrl(expression: SyntaxNode, call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const url = unparenthesize(expression);
  if (url.type === 'string') return DATA_URL_LITERAL.test(url.text);
  const owner = scope.functionScope;
  if (url.type !== 'identifier' || !owner) return false;
  const bindings = owner.bindings.get(url.text) ?? [];
  if (bindings.length !== 1 || bindings[0]!.kind !== 'parameter' || model.resolve(url, scope) !== bindings[0]) return false;
  const tested = `${url.text}.startswith`;
  const holds = (test: SyntaxNode, negated: boolean): boolean => {
    const node = unparenthesize(test);
    if (node.type === 'not_operator') {
      const operand = node.childForFieldName('argument');
      return operand !== null && holds(operand, !negated);
    }
    if (negated || node.type !== 'call' || node.childForFieldName('function')?.text !== tested) return false;
    const { positional, keywords, hasUnpacking } = callArguments(node);
    const prefix = positional.length === 1 && keywords.size === 0 && !hasUnpacking ? unparenthesize(positional[0]!) : undefined;
    return prefix?.type === 'string' && DATA_URL_LITERAL.test(prefix.text);
  };
  const conditions = [...enclosingConditions(call, owner.node, scope), ...earlyExits(call, owner.node, scope)];
  return conditions.some((condition) => condition !== 'except' && holds(condition.test, condition.negated));
}

/**
 * Whether a compression module's opener wraps a file object rather than opening a path: `gzip.GzipFile` given a
 * `fileobj` (an `open()` of a path in it is a finding of its own), or any given an in-memory file as its `filename`
 * (`io.BytesIO(...)`, or a name holding one). A name or parameter not known to hold a file object may be a path.
 */
function wrapsFileObject(call: SyntaxNode, fileObjectAt: number | undefined, model: SemanticModel, scope: Scope): boolean {
  const { positional, keywords } = callArguments(call);
  const fileObject = fileObjectAt === undefined ? undefined : (keywords.get('fileobj') ?? positional[fileObjectAt]);
  if (fileObject !== undefined && unparenthesize(fileObject).type !== 'none') return true;
  const file = onlyArgumentAt(call, 'filename');
  return file !== undefined && isInMemoryFile(file, model, scope);
}

/** `io.BytesIO(...)` or `io.StringIO(...)`, or a name every binding reaching it binds to one (`buffer = io.BytesIO()`). */
function isInMemoryFile(expression: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const node = unparenthesize(expression);
  if (node.type !== 'identifier') return node.type === 'call' && IN_MEMORY_FILES.has(model.calleeName(node, scope) ?? '');
  const bindings = bindingsReaching(node, model, scope);
  return (
    bindings !== undefined &&
    bindings.length > 0 &&
    bindings.every(
      // (A call only: a name bound to another name is not followed.)
      (binding) =>
        binding.kind === 'assignment' &&
        binding.value !== undefined &&
        unparenthesize(binding.value).type === 'call' &&
        isInMemoryFile(binding.value, model, binding.scope),
    )
  );
}

/** The first argument, given by position or as `keyword`, when no `*args` / `**kwargs` hides where it is. */
function onlyArgumentAt(call: SyntaxNode, keyword: string): SyntaxNode | undefined {
  const { positional, keywords, hasUnpacking } = callArguments(call);
  return hasUnpacking ? undefined : (positional[0] ?? keywords.get(keyword));
}

/**
 * Whether an `open()` wraps a descriptor the process holds: it passes `closefd=False` (which `open` refuses with a
 * path), or its first argument is one: an `int` literal (`open(0, "rb")`), `x.fileno()`, `os.dup(...)` / `os.dup2(...)`,
 * or a name every binding reaching the call gives such a value, unpacks from `os.pipe()` (or `os.openpty()`), or
 * annotates as an `int` parameter.
 */
function wrapsDescriptor(call: SyntaxNode, file: SyntaxNode | undefined, model: SemanticModel, scope: Scope): boolean {
  const closefd = callArguments(call).keywords.get('closefd');
  if (closefd && unparenthesize(closefd).type === 'false') return true;
  return file !== undefined && isDescriptor(file, model, scope);
}

function isDescriptor(expression: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const node = unparenthesize(expression);
  if (node.type === 'integer') return true;
  if (node.type === 'call') {
    if (model.calleeLastName(node) === 'fileno' && callArguments(node).positional.length === 0) return true;
    const name = model.calleeName(node, scope);
    return name !== undefined && DESCRIPTOR_COPIES.has(name);
  }
  if (node.type !== 'identifier') return false;
  const bindings = bindingsReaching(node, model, scope);
  return (
    bindings !== undefined &&
    bindings.length > 0 &&
    bindings.every((binding) => {
      if (binding.kind === 'parameter') return binding.annotation?.text === 'int';
      if (binding.kind !== 'assignment') return false;
      if (binding.value) return isDescriptor(binding.value, model, binding.scope);
      const pair = unpackedFrom(binding.node);
      const pairName = pair && model.calleeName(pair, binding.scope);
      return pairName !== undefined && DESCRIPTOR_PAIRS.has(pairName);
    })
  );
}

/** The call `name` is unpacked from, as one of a plain pair of names: `read_end, write_end = os.pipe()`. */
function unpackedFrom(name: SyntaxNode): SyntaxNode | undefined {
  const targets = name.parent;
  if (targets?.type !== 'pattern_list' && targets?.type !== 'tuple_pattern') return undefined;
  const assignment = targets.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.id !== targets.id) return undefined;
  const value = assignment.childForFieldName('right');
  const call = value && unparenthesize(value);
  return call?.type === 'call' ? call : undefined;
}

/** `os.devnull` however imported (`from os import devnull`, `import os as o`, `NULL = os.devnull`), or `"/dev/null"`. */
function namesNullDevice(expression: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const node = unparenthesize(expression);
  if (node.type === 'string') return NULL_DEVICE_LITERAL.test(node.text);
  const name = node.type === 'identifier' || node.type === 'attribute' ? model.qualifiedName(node, scope) : undefined;
  return name !== undefined && NULL_DEVICE_NAMES.has(name);
}

/**
 * A kernel pseudo-file of procfs or cgroupfs written out (see KERNEL_FILE_LITERAL): reading it, the kernel answers
 * from memory (`/proc/net/route`, a cgroup's `memory.current`).
 */
function isKernelFile(expression: SyntaxNode): boolean {
  const node = unparenthesize(expression);
  return node.type === 'string' && KERNEL_FILE_LITERAL.test(node.text);
}

/**
 * Whether the call only reads the file: `read_text()`, `read_bytes()`, or an opening call whose mode (`mode=`, else the
 * argument at `modeAt`) is not given or reads only.
 */
function onlyReads(qualifiedName: string, call: SyntaxNode, modeAt: number): boolean {
  if (qualifiedName.endsWith('.read_text') || qualifiedName.endsWith('.read_bytes') || qualifiedName === 'io.open_code') return true;
  if (qualifiedName.endsWith('.write_text') || qualifiedName.endsWith('.write_bytes')) return false;
  const { positional, keywords, hasUnpacking } = callArguments(call);
  if (hasUnpacking) return false;
  const mode = keywords.get('mode') ?? positional[modeAt];
  return mode === undefined || READ_MODE_LITERAL.test(unparenthesize(mode).text);
}

/**
 * The file a `Path` method opens, where the path is made of it alone: `Path(os.devnull)` in `Path(os.devnull).open(...)`,
 * or in `null.read_text()` where `null = Path(os.devnull)` is the name's binding there, with the scope it is read in.
 */
function pathOpened(call: SyntaxNode, model: SemanticModel, scope: Scope): { file: SyntaxNode; scope: Scope } | undefined {
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (!receiver) return undefined;
  let path = unparenthesize(receiver);
  if (path.type === 'identifier') {
    const binding = model.resolve(path, scope);
    if (binding?.kind !== 'assignment' || !binding.value) return undefined;
    path = unparenthesize(binding.value);
    scope = binding.scope;
  }
  if (path.type !== 'call' || model.typeOf(path, scope) !== PATH) return undefined;
  // `Path(os.devnull, "x")` names a file under the device: not the device itself.
  const { positional, keywords, hasUnpacking } = callArguments(path);
  return !hasUnpacking && keywords.size === 0 && positional.length === 1 ? { file: positional[0]!, scope } : undefined;
}
