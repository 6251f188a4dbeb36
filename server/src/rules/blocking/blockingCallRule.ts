// The shape shared by LOOP101–LOOP107: a call that blocks the thread, made where the event loop runs.
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { Rule, RuleContext, RuleInfo, RuleSettings } from '../../linter/rule';

export interface BlockingMatch {
  /** What to do instead, as a sentence fragment: "use `await asyncio.sleep(...)`". */
  readonly suggestion: string;
}

export interface BlockingCallRule extends Rule {
  /** Whether a call to `qualifiedName` blocks, per this rule; LOOP108 asks every blocking rule. */
  matchBlockingCall(qualifiedName: string, settings: RuleSettings): BlockingMatch | undefined;
}

type BlockingCallRuleSpec = Omit<RuleInfo, 'enabledByDefault' | 'fixable'> & {
  readonly matchBlockingCall: (qualifiedName: string, settings: RuleSettings) => BlockingMatch | undefined;
};

/** Builds a rule from a table of qualified names → suggestion. */
export function callTable(entries: Record<string, string>): (qualifiedName: string) => BlockingMatch | undefined {
  const table = new Map(Object.entries(entries));
  return (qualifiedName) => {
    const suggestion = table.get(qualifiedName);
    return suggestion === undefined ? undefined : { suggestion };
  };
}

export function defineBlockingCallRule(spec: BlockingCallRuleSpec): BlockingCallRule {
  return {
    ...spec,
    enabledByDefault: true,
    fixable: false,
    nodeKinds: ['call'],
    check(call: SyntaxNode, context: RuleContext) {
      if (!context.scope.isAsyncContext) return;
      const name = context.model.calleeName(call, context.scope);
      if (name === undefined) return;
      const match = spec.matchBlockingCall(name, context.settings);
      if (!match) return;
      context.report({
        node: call,
        message: `\`${shortName(name)}()\` blocks the event loop in ${describeScope(context)}; ${match.suggestion}`,
      });
    },
  };
}

/** `builtins.open` reads better as `open`. */
export function shortName(qualifiedName: string): string {
  return qualifiedName.startsWith('builtins.') ? qualifiedName.slice('builtins.'.length) : qualifiedName;
}

/** "coroutine `fetch`" for messages. */
export function describeScope(context: RuleContext): string {
  const coroutine = context.scope.functionScope;
  return coroutine ? `coroutine \`${coroutine.name}\`` : 'a coroutine';
}
