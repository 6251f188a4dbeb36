// LOOP107 blocking-configured-call: calls the project declared blocking (`blocking-calls` setting).
import { configuredBlockingCall } from '../../knowledge/blockingCalls';
import { defineBlockingCallRule } from './support/blockingCallRule';

export const blockingConfiguredCall = defineBlockingCallRule({
  code: 'LOOP107',
  name: 'blocking-configured-call',
  summary: 'A call listed in the `blocking-calls` setting, made in an async context.',
  defaultSeverity: 'warning',
  equivalents: ['ASYNC200'],
  calls: {
    // Patterns may end in `*`, so only an empty setting rules calls out early.
    mayMatch: (_lastName, settings) => settings.blockingCalls.length > 0,
    match: (qualifiedName, settings) => configuredBlockingCall(qualifiedName, settings.blockingCalls),
  },
  doc: {
    whatItDoes:
      'Flags calls matching the `blocking-calls` setting in an async context. Each entry is `module.function` (a `*` matches one name, a trailing `.*` anything below) optionally followed by `-> suggestion`, e.g. `"mydb.query -> use mydb.aquery"`.',
    whyIsThisBad:
      "Your project knows which of its own and its dependencies' functions block; this rule holds coroutines to that knowledge.",
    example:
      '# pyproject.toml: [tool.loopscope] blocking-calls = ["mydb.query -> use mydb.aquery"]\nimport mydb\n\nasync def users():\n    return mydb.query("select * from users")',
    useInstead: 'import mydb\n\nasync def users():\n    return await mydb.aquery("select * from users")',
  },
});
