// LOOP407 async-timeout-parameter (off by default): an `async def` with a parameter named `timeout`.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { hasAsyncKeyword } from '../../analysis/pythonSyntax';
import { atLeast } from '../../linter/pythonVersion';
import type { Rule } from '../../linter/rule';
import { isMarker } from './support/definitionShape';
import { decoratorNames } from '../../ruleSupport/decoratorNames';

export const asyncTimeoutParameter: Rule = {
  code: 'LOOP407',
  name: 'async-timeout-parameter',
  summary: 'An `async def` takes a `timeout` parameter instead of letting callers use `asyncio.timeout()`.',
  defaultSeverity: 'warning',
  enabledByDefault: false,
  equivalents: ['ASYNC109', 'S7483'],
  fixable: false,
  nodeKinds: ['function_definition'],
  check(definition, context) {
    // `asyncio.timeout()` arrived in 3.11; before that, a timeout parameter is a reasonable design.
    if (!atLeast(context.settings.targetVersion, 3, 11)) return;
    if (!hasAsyncKeyword(definition)) return;
    const parameters = definition.childForFieldName('parameters');
    if (!parameters || !parameters.text.includes('timeout')) return;
    const timeout = parameters.namedChildren.map(parameterName).find((name) => name?.text === 'timeout');
    if (!timeout) return;
    // The signature is dictated elsewhere: a base class's, or an overload's implementation.
    if (decoratorNames(definition, context.model).some((name) => isMarker(name, 'override') || isMarker(name, 'overload'))) return;
    const functionName = definition.childForFieldName('name')?.text ?? 'function';
    context.report({
      node: timeout,
      message: `\`async def ${functionName}\` takes a \`timeout\` parameter; drop it and let callers wrap the call in \`async with asyncio.timeout(...)\``,
    });
  },
  doc: {
    whatItDoes:
      'Flags an `async def` with a parameter named exactly `timeout` (positional, keyword-only, with or without a default or annotation). Methods decorated with `@override` or `@overload` are skipped: their signature is set elsewhere. Only reported when the target Python version is 3.11 or newer, where `asyncio.timeout()` exists. `deadline` and other spellings are not flagged: asyncio has no convention for them. Off by default: it enforces a design preference, not a bug.',
    whyIsThisBad:
      'A coroutine that implements its own timeout duplicates what `asyncio.timeout()` does, usually less carefully (a `wait_for` around one step but not the others, a timer restarted on each retry), and every caller must thread the value through. With structured timeouts the caller decides how long the whole operation may take, and cancellation unwinds everything inside it.',
    example:
      'import asyncio\n\n\nasync def fetch_report(client, url, timeout=10):\n    return await asyncio.wait_for(client.get(url), timeout)\n\n\nasync def main(client):\n    await fetch_report(client, "/report", timeout=5)',
    useInstead:
      'import asyncio\n\n\nasync def fetch_report(client, url):\n    return await client.get(url)\n\n\nasync def main(client):\n    async with asyncio.timeout(5):\n        await fetch_report(client, "/report")',
  },
};

/** The identifier a parameter binds, for every parameter form. */
function parameterName(parameter: SyntaxNode): SyntaxNode | undefined {
  switch (parameter.type) {
    case 'identifier':
      return parameter;
    case 'default_parameter':
    case 'typed_default_parameter':
      return parameter.childForFieldName('name') ?? undefined;
    case 'typed_parameter':
      return parameter.namedChildren.find((child) => child.type === 'identifier');
    default:
      return undefined;
  }
}
