// Whether an expression reads log output a test captured: pytest's `caplog`, log records (`record.getMessage()`), a
// helper asking whether a message was logged (`self._is_logged(...)`), a captured log stream (`log.getvalue()`), a
// mock patched over a logger's method (`patch.object(app.log, "warning") as warning`). Only logging writes them.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { RuleContext } from '../linter/rule';

/** The methods of a `logging.Logger` that emit a record. */
const LOGGER_METHODS: ReadonlySet<string> = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log']);

/** A helper named for asking whether a message was logged: `is_logged`, `_is_logged`, `is_partially_logged`. */
const LOGGED_HELPER = /(?:^|_)logged$/;

/** A name holding a logger or a captured log stream: `log`, `logger`, `stealing_logs`, `self.log`. */
const LOG_NAME = /log/i;

/** Patching helpers whose `as` name is a mock standing in for the attribute patched. */
const PATCHERS: ReadonlySet<string> = new Set(['patch.object', 'mock.patch.object', 'unittest.mock.patch.object']);

/**
 * Whether `expression` reads captured log output (see the file's header). The code under test writes it through
 * `logging`, so an Event for it would take a logging handler written for the wait: polling the capture is how a test
 * waits for a message.
 */
export function readsCapturedLog(expression: SyntaxNode, { model, scope }: Pick<RuleContext, 'model' | 'scope'>): boolean {
  const identifiers = expression.type === 'identifier' ? [expression] : expression.descendantsOfType('identifier');
  if (identifiers.some((identifier) => identifier.text === 'caplog')) return true;
  const calls = expression.type === 'call' ? [expression] : expression.descendantsOfType('call');
  const readsCapture = calls.some((call) => {
    const callee = call.childForFieldName('function');
    const last = model.calleeLastName(call);
    if (last === 'getMessage' || LOGGED_HELPER.test(last)) return true;
    const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    if (last === 'getvalue' && receiver && LOG_NAME.test(lastName(receiver))) return true;
    // `log_method = self.is_partially_logged if partial else self.is_logged`, called as `log_method(level, message)`.
    const value = callee?.type === 'identifier' ? model.resolve(callee, scope)?.value : undefined;
    return !!value?.descendantsOfType('attribute').some((attribute) => LOGGED_HELPER.test(lastName(attribute)));
  });
  if (readsCapture) return true;
  return identifiers.some((identifier) => {
    const value = model.resolve(identifier, scope)?.value;
    if (value?.type !== 'call' || !PATCHERS.has(model.calleeName(value, scope) ?? '')) return false;
    const [target, attribute] = value.childForFieldName('arguments')?.namedChildren ?? [];
    return !!target && LOG_NAME.test(lastName(target)) && attribute?.type === 'string' && LOGGER_METHODS.has(attribute.text.slice(1, -1));
  });
}

/** The last name of a dotted expression: `log` for `voila_app.log`, the text of anything else. */
function lastName(node: SyntaxNode): string {
  return node.type === 'attribute' ? (node.childForFieldName('attribute')?.text ?? '') : node.text;
}
