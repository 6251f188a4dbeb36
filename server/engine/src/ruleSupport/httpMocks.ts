// The HTTP mocking libraries of tests, each for the client it mocks: respx and pytest-httpx replace httpx's transport,
// responses and requests-mock requests' adapter, httpretty the socket under every client. Where one is active, a request
// of its client is answered (or refused) in-process, with no network I/O: it blocks nothing. patchedNames.ts asks these
// along with the names a test patched (`mock.patch`), at the same places: `with` bodies, decorators, earlier statements.
import type { SyntaxNode } from '../analysis/pythonParser';
import { unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { bindingsReaching } from './reachingBindings';

/** httpretty replaces `socket.socket`: every client of LOOP102, by module, is answered by it. */
const EVERY_CLIENT = ['urllib.request', 'http.client', 'urllib3', 'requests', 'httpx'];

interface HttpMockLibrary {
  /** The modules of the clients it mocks, as their calls are named (`httpx` for `httpx.Client.get`). */
  readonly clients: readonly string[];
  /** Objects that are a mock, active inside `with`/`async with` or after `.start()`, and decorators (`respx.mock`). */
  readonly mocks?: readonly string[];
  /** Calls making such an object (`respx.mock(...)`, `requests_mock.Mocker()`). */
  readonly makers?: readonly string[];
  /** Other decorators running the function under a mock, bare or called (`@responses.activate`). */
  readonly decorators?: readonly string[];
  /** Whether a decorated class has its test methods (`test*`) run under the mock, not only a decorated function. */
  readonly decoratesClasses?: boolean;
  /** Functions starting and stopping the library's own mock for the statements after (`httpretty.enable()`). */
  readonly starts?: readonly string[];
  readonly stops?: readonly string[];
  /** The pytest fixture handing a test a started mock (`respx_mock`). */
  readonly fixture?: string;
}

const LIBRARIES: readonly HttpMockLibrary[] = [
  {
    // respx: `respx.mock` is a router, and calling it (as `respx.MockRouter(...)`) makes one; neither decorates a class.
    clients: ['httpx'],
    mocks: ['respx.mock', 'respx.api.mock'],
    makers: ['respx.mock', 'respx.api.mock', 'respx.MockRouter', 'respx.router.MockRouter'],
    starts: ['respx.start', 'respx.api.start'],
    stops: ['respx.stop', 'respx.api.stop'],
    fixture: 'respx_mock',
  },
  // pytest-httpx: only its fixture.
  { clients: ['httpx'], fixture: 'httpx_mock' },
  {
    // responses: `@responses.activate` decorates functions only.
    clients: ['requests'],
    mocks: ['responses.mock', 'responses._default_mock'],
    makers: ['responses.RequestsMock'],
    decorators: ['responses.activate'],
    starts: ['responses.start'],
    stops: ['responses.stop'],
  },
  {
    // requests-mock: a `Mocker()` is a context manager and a decorator, of a class's `test*` methods too.
    clients: ['requests'],
    makers: ['requests_mock.Mocker', 'requests_mock.mock', 'requests_mock.mocker.Mocker'],
    decoratesClasses: true,
    fixture: 'requests_mock',
  },
  {
    clients: EVERY_CLIENT,
    makers: ['httpretty.enabled', 'httpretty.core.httprettized'],
    decorators: ['httpretty.activate', 'httpretty.httprettified', 'httpretty.core.httprettified'],
    decoratesClasses: true,
    starts: ['httpretty.enable', 'httpretty.HTTPretty.enable', 'httpretty.httpretty.enable', 'httpretty.core.httpretty.enable'],
    stops: ['httpretty.disable', 'httpretty.HTTPretty.disable', 'httpretty.httpretty.disable', 'httpretty.core.httpretty.disable'],
  },
];

/** How many assignments deep a name is followed to the mock it holds (`router = respx.mock()`, then `with router:`). */
const MAX_NAME_DEPTH = 2;

/** The modules of the HTTP clients mocked inside `with manager:` (or `async with`). */
export function clientsMockedInside(manager: SyntaxNode, scope: Scope, model: SemanticModel): string[] {
  return LIBRARIES.filter((library) => isMock(manager, library, scope, model, 0)).flatMap((library) => library.clients);
}

/**
 * The modules of the HTTP clients mocked in a function decorated with `decorator`; `ofClass`: the decorator is its
 * class's, and the function one of the class's test methods.
 */
export function clientsMockedByDecorator(decorator: SyntaxNode, ofClass: boolean, scope: Scope, model: SemanticModel): string[] {
  const expression = unparenthesize(decorator);
  const callee = expression.type === 'call' ? expression.childForFieldName('function') : expression;
  const name = callee ? model.qualifiedName(callee, scope) : undefined;
  return LIBRARIES.filter(
    (library) =>
      (!ofClass || library.decoratesClasses === true) &&
      ((name !== undefined && library.decorators?.includes(name) === true) || isMock(expression, library, scope, model, 0)),
  ).flatMap((library) => library.clients);
}

/** What an expression statement does to HTTP mocks: starts one (`httpretty.enable()`, `router.start()`) or stops it. */
interface HttpMockSwitch {
  readonly clients: readonly string[];
  readonly starts: boolean;
}

export function httpMockSwitch(expression: SyntaxNode, scope: Scope, model: SemanticModel): HttpMockSwitch | undefined {
  if (expression.type !== 'call') return undefined;
  const name = model.calleeName(expression, scope);
  const callee = expression.childForFieldName('function');
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  const receiver = method === 'start' || method === 'stop' ? callee?.childForFieldName('object') : undefined;
  for (const library of LIBRARIES) {
    const starts = name !== undefined && library.starts?.includes(name) === true;
    const stops = name !== undefined && library.stops?.includes(name) === true;
    if (starts || stops) return { clients: library.clients, starts };
    if (receiver && isMock(receiver, library, scope, model, 0)) return { clients: library.clients, starts: method === 'start' };
  }
  return undefined;
}

/**
 * The modules of the HTTP clients mocked where the function of `scope`, or one it is nested in, takes a library's pytest
 * fixture (`async def test_fetch(respx_mock):`). pytest gives it to tests and fixtures, started; any other function
 * taking a parameter of that name is handed it by one of those, while it runs.
 */
export function clientsMockedByFixtures(scope: Scope): string[] {
  const clients: string[] = [];
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    if (current.kind !== 'function') continue;
    for (const library of LIBRARIES) {
      const taken = library.fixture && current.bindings.get(library.fixture);
      if (taken && taken.some((binding) => binding.kind === 'parameter')) clients.push(...library.clients);
    }
  }
  return clients;
}

/**
 * Whether `expression` is a mock of `library`: one of its mock objects, a call of one of its makers, or a name every
 * assignment reaching it binds to one of those (a router made but not entered, decorating nothing and never started,
 * mocks nothing: it is not the name that is asked about, but where it is used).
 */
function isMock(expression: SyntaxNode, library: HttpMockLibrary, scope: Scope, model: SemanticModel, depth: number): boolean {
  const node = unparenthesize(expression);
  if (node.type === 'call') {
    const name = library.makers && model.calleeName(node, scope);
    return name !== undefined && library.makers?.includes(name) === true;
  }
  if (node.type !== 'identifier' && node.type !== 'attribute') return false;
  const name = library.mocks && model.qualifiedName(node, scope);
  if (name !== undefined && library.mocks?.includes(name) === true) return true;
  if (node.type !== 'identifier' || depth >= MAX_NAME_DEPTH || !library.makers) return false;
  const bindings = bindingsReaching(node, model, scope);
  return (
    bindings !== undefined &&
    bindings.length > 0 &&
    bindings.every((binding) => binding.value !== undefined && isMock(binding.value, library, binding.scope, model, depth + 1))
  );
}
