// The async tests of a plain `unittest.TestCase` (LOOP302): unittest calls each test method and ignores what it
// returns, so an `async def test_...` there only makes a coroutine that nobody awaits. The body never runs and the test
// passes (Python only warns, "coroutine ... was never awaited", and 3.11+ that a test returned a value). pytest runs such
// classes through unittest, and its asyncio plugins handle plain test functions, not unittest methods, so they do not
// run either. `unittest.IsolatedAsyncioTestCase` is the test case that awaits them.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { definedFunctions, hasAsyncKeyword } from '../../../analysis/pythonSyntax';
import type { Fix, RuleContext } from '../../../linter/rule';
import { moduleAccess } from '../../../linter/fixes/moduleImports';
import { replaceNode, unsafeFix } from '../../../linter/fixes/textEdits';
import { decoratorNames } from '../../../ruleSupport/decoratorNames';
import {
  ancestorNames,
  classesInFile,
  ISOLATED_ASYNCIO_TEST_CASE,
  METACLASS_MARK,
  UNITTEST_TEST_CASE,
} from '../../../ruleSupport/classBases';

/** The plain test case, as a base resolves. */
const PLAIN_TEST_CASE: ReadonlySet<string> = new Set(['unittest.TestCase', 'unittest.case.TestCase']);

/**
 * Methods with which a test base can change how tests are called (running coroutines itself, as `asynctest` and
 * home-grown async bases do): a class defining one of them, or deriving from a class that does, is left alone.
 */
const CALLING_HOOKS: readonly string[] = ['run', '_callTestMethod', '__call__', '__init_subclass__', '__getattribute__', '__getattr__'];

/** IsolatedAsyncioTestCase's own hooks. */
const ASYNC_HOOKS: readonly string[] = ['asyncSetUp', 'asyncTearDown'];

interface UnrunAsyncTests {
  /** The `async def test...` methods of the class, in order. */
  readonly tests: readonly SyntaxNode[];
  /** The base written as `unittest.TestCase` (or an import of it), which the fix replaces. */
  readonly plainBase?: SyntaxNode;
}

/**
 * For a class deriving from `unittest.TestCase` and not from `unittest.IsolatedAsyncioTestCase`, every class it derives
 * from known (of this file, or of the project with its summary) and none changing how tests are called: its `async def`
 * test methods with no decorator but `mock.patch` ones (a decorator may run the coroutine). Undefined otherwise.
 */
export function unrunAsyncTests(classNode: SyntaxNode, context: RuleContext): UnrunAsyncTests | undefined {
  if (classNode.parent?.type === 'decorated_definition') return undefined;
  // A test case a test defines (to check how a test framework treats such a class) is not run by unittest.
  for (let outer = classNode.parent; outer; outer = outer.parent) if (outer.type === 'function_definition') return undefined;
  const tests = definedFunctions(classNode).filter(
    (method) =>
      hasAsyncKeyword(method) && /^test/.test(method.childForFieldName('name')?.text ?? '') && onlyPatchDecorators(method, context),
  );
  if (tests.length === 0) return undefined;
  const inFile = classesInFile(classNode, context.model);
  if (inFile.some((owner) => hasMetaclass(owner) || definesMethod(owner, CALLING_HOOKS))) return undefined;
  // A test case with `asyncSetUp`/`asyncTearDown` of its own, deriving from `unittest.TestCase` only through a class
  // of another module, is written for an IsolatedAsyncioTestCase, whatever that module's base resolved to (its
  // `except ImportError:` fallback, `from unittest import TestCase as IsolatedAsyncioTestCase`).
  const listsPlainTestCase = inFile.some((owner) => writtenPlainBase(owner, context) !== undefined);
  if (!listsPlainTestCase && inFile.some((owner) => definesMethod(owner, ASYNC_HOOKS))) return undefined;
  const ancestors = ancestorNames(classNode, context);
  if (![...ancestors].some((name) => PLAIN_TEST_CASE.has(name))) return undefined;
  if ([...ancestors].some((name) => ISOLATED_ASYNCIO_TEST_CASE.has(name))) return undefined;
  for (const name of ancestors) {
    if (UNITTEST_TEST_CASE.has(name)) continue;
    // A metaclass of a class of the project (asyncpg's test case) may wrap the tests in functions running them.
    if (name.startsWith(METACLASS_MARK)) return undefined;
    // A class from outside the project (a framework's test base) may await its tests: unknown, so not reported.
    const { project } = context;
    if (!project?.findFunction(name)) return undefined;
    if (CALLING_HOOKS.some((hook) => project.findFunction(`${name}.${hook}`))) return undefined;
    // A base of the project with `asyncSetUp`/`asyncTearDown` is written as an IsolatedAsyncioTestCase, whatever its
    // base resolved to here (`from unittest import TestCase as IsolatedAsyncioTestCase` in an `except ImportError:`).
    if (ASYNC_HOOKS.some((hook) => project.findFunction(`${name}.${hook}`))) return undefined;
  }
  return { tests, plainBase: writtenPlainBase(classNode, context) };
}

/** The fix: the base `unittest.TestCase` becomes `unittest.IsolatedAsyncioTestCase`, importing `unittest` if need be. */
export function isolatedTestCaseFix(found: UnrunAsyncTests, context: RuleContext): Fix | undefined {
  const base = found.plainBase;
  if (!base) return undefined;
  const access = moduleAccess('unittest', base, context.model.scopeOf(base), context);
  if (!access) return undefined;
  return unsafeFix('Derive from `unittest.IsolatedAsyncioTestCase`', [
    replaceNode(base, `${access.name}.IsolatedAsyncioTestCase`),
    ...access.edits,
  ]);
}

function writtenPlainBase(classNode: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const scope = context.model.scopeOf(classNode);
  return classNode
    .childForFieldName('superclasses')
    ?.namedChildren.find(
      (base) =>
        (base.type === 'identifier' || base.type === 'attribute') && PLAIN_TEST_CASE.has(context.model.qualifiedName(base, scope) ?? ''),
    );
}

function hasMetaclass(classNode: SyntaxNode): boolean {
  return (classNode.childForFieldName('superclasses')?.namedChildren ?? []).some((argument) => argument.type === 'keyword_argument');
}

function definesMethod(classNode: SyntaxNode, names: readonly string[]): boolean {
  return definedFunctions(classNode).some((method) => names.includes(method.childForFieldName('name')?.text ?? ''));
}

/** `@patch(...)`, `@mock.patch.object(...)`: they keep an `async def` a coroutine function. Any other decorator may not. */
function onlyPatchDecorators(method: SyntaxNode, context: RuleContext): boolean {
  return decoratorNames(method, context.model).every((name) => name !== undefined && PATCH_DECORATOR.test(name));
}

const PATCH_DECORATOR = /^(?:unittest\.)?mock\.patch(?:\.object|\.dict|\.multiple)?$/;
