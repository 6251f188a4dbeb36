// How long a `time.sleep` written with a literal duration waits, and whether that is a brief pause rather than a
// wait: LOOP108's chains (in one file and through module summaries) do not end in one; LOOP101 still flags it.
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, LOOP_KINDS, unparenthesize } from '../analysis/pythonSyntax';

/**
 * The longest `time.sleep` (in seconds) a chain may end in and still not be followed: a tenth of the 100 ms asyncio's
 * debug mode reports a callback as slow from. Shorter sleeps written as literals are pacing or ordering idioms
 * (Chainlit's `Message.__init__` sleeps 1 ms "to ensure the created_at is unique"): a stall of the loop no one
 * notices, where advising `to_thread(Message, ...)` for every message made would be absurd.
 */
const BRIEF_SLEEP_SECONDS = 0.01;

/** The duration `time.sleep(...)` is given as a number literal (`0.001`, `1e-3`, `0`), if it is one. */
export function literalSleepSeconds(call: SyntaxNode): number | undefined {
  const { positional, keywords, hasUnpacking } = callArguments(call);
  if (hasUnpacking || keywords.size > 0 || positional.length !== 1) return undefined;
  const duration = unparenthesize(positional[0]!);
  if (duration.type !== 'integer' && duration.type !== 'float') return undefined;
  const seconds = Number(duration.text.replaceAll('_', ''));
  return Number.isNaN(seconds) ? undefined : seconds;
}

/**
 * Whether `call` (to `qualifiedName`) is a `time.sleep` of a literal duration of at most BRIEF_SLEEP_SECONDS, made
 * outside any loop of its function: a sleep in a loop (`while not ready(): time.sleep(0.001)`, a poll) waits as long
 * as the loop runs.
 */
export function isBriefSleep(qualifiedName: string, call: SyntaxNode): boolean {
  if (qualifiedName !== 'time.sleep') return false;
  const seconds = literalSleepSeconds(call);
  return seconds !== undefined && seconds <= BRIEF_SLEEP_SECONDS && !inLoop(call);
}

/** Whether a loop of the function (or module) making `call` holds it. */
function inLoop(call: SyntaxNode): boolean {
  for (let around = call.parent; around && around.type !== 'function_definition'; around = around.parent) {
    if (LOOP_KINDS.has(around.type)) return true;
  }
  return false;
}
