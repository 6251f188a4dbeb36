// How long a debugger request may run Python (evaluations, reprs): interrupted after a timeout, and given up on
// when the Python cannot be interrupted (native code), while the program keeps its state.

/** How long a debugger request may run Python (evaluations, reprs) before it is interrupted. */
export const DEBUG_REQUEST_TIMEOUT_MS = 3000;
/**
 * After the interrupt, how long such a request may still take before its caller is answered without it: the
 * Python runs on (native code, such as sum() over a huge range, cannot be interrupted) and the program keeps
 * its state; the worker answers later requests once that code returns.
 */
const DEBUG_REQUEST_GIVE_UP_MS = 2000;

/** A debugger request whose Python could not be interrupted: it runs on, and the program keeps its state. */
export class DebugRequestStillRunning extends Error {
  constructor(readonly op: string) {
    super(
      `${op === 'evaluate' ? 'an evaluation' : `a debugger request (${op})`} is still running in code that cannot be ` +
        'interrupted (a native loop); the program stays where it was and answers again once that code returns. ' +
        'Stop ends the session.',
    );
  }
}

/**
 * The reply, or: after `timeoutMs` the Python is interrupted (`interrupt`, repeated for code that swallows it),
 * and DEBUG_REQUEST_GIVE_UP_MS later the caller gets DebugRequestStillRunning while `stillRunning` is told the
 * reply is still awaited (`stillRunning(false)` once it comes).
 */
export function withDeadline<T>(
  reply: Promise<T>,
  op: string,
  timeoutMs: number,
  interrupt: () => void,
  stillRunning: (running: boolean) => void,
): Promise<T> {
  let repeat: NodeJS.Timeout | undefined;
  let giveUp: NodeJS.Timeout | undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      interrupt();
      // Code that swallows the interrupt (a bare `except:` in a loop) is signalled again; code that never
      // gets back to Python (a native loop) cannot be interrupted: the caller is answered without it, and
      // the program, still where it was, answers again once that code returns (or the user stops it).
      repeat = setInterval(interrupt, 250);
      giveUp = setTimeout(() => {
        clearInterval(repeat);
        stillRunning(true);
        const done = (): void => stillRunning(false);
        reply.then(done, done);
        reject(new DebugRequestStillRunning(op));
      }, DEBUG_REQUEST_GIVE_UP_MS);
    }, timeoutMs);
    const clear = (): void => {
      clearTimeout(timer);
      clearInterval(repeat);
      clearTimeout(giveUp);
    };
    reply.then(
      (value) => {
        clear();
        resolve(value);
      },
      (error: unknown) => {
        clear();
        reject(error);
      },
    );
  });
}
