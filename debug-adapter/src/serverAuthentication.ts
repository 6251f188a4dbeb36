// The `--server` mode's gate. Anyone who can reach the port could launch a program and run code
// through `evaluate`, so a connection must present the server's token in its `launch` (or `attach`)
// arguments before the session does anything; otherwise it gets an error response and is closed.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DebugProtocol } from '@vscode/debugprotocol';

/** The launch/attach attribute carrying the token (any DAP client passes its configuration's attributes on). */
const TOKEN_ATTRIBUTE = 'token';
/** Environment variable that sets the token instead of a random one (for clients that start the server themselves). */
const TOKEN_ENVIRONMENT = 'LOOPSCOPE_DEBUG_TOKEN';
/** A token set by the environment must be at least this long: a short one could be guessed. */
const MIN_TOKEN_LENGTH = 16;

/** The token from the environment, or a fresh random one (`printed`: the caller must show it once). */
export function serverToken(env: NodeJS.ProcessEnv): { token: string; printed: boolean } | { error: string } {
  const given = env[TOKEN_ENVIRONMENT];
  if (given === undefined || given === '') return { token: randomBytes(32).toString('hex'), printed: true };
  if (given.length < MIN_TOKEN_LENGTH) return { error: `${TOKEN_ENVIRONMENT} must be at least ${MIN_TOKEN_LENGTH} characters long` };
  return { token: given, printed: false };
}

/** Compares in constant time (hashes first, so lengths do not show either). */
function tokenMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}

/** Requests a connection may make before it has authenticated: they read or change nothing. */
const BEFORE_AUTHENTICATION: ReadonlySet<string> = new Set(['initialize', 'disconnect']);

export const REFUSED_MESSAGE =
  `Loopscope: this debug adapter server needs its token: add "${TOKEN_ATTRIBUTE}": "<token>" to the launch configuration ` +
  `(the server printed it on stdout when it started, or it is the value of ${TOKEN_ENVIRONMENT}). Connection closed.`;

/** One connection's state: unauthenticated until a `launch`/`attach` presents the token. */
export class ConnectionGate {
  private authenticated = false;

  constructor(private readonly token: string) {}

  /** Whether `request` may go on to the session; a passing launch/attach has its token removed. */
  admits(request: DebugProtocol.Request): boolean {
    if (this.authenticated || BEFORE_AUTHENTICATION.has(request.command)) return true;
    if (request.command !== 'launch' && request.command !== 'attach') return false;
    const args = (request.arguments ?? {}) as Record<string, unknown>;
    if (!tokenMatches(this.token, args[TOKEN_ATTRIBUTE])) return false;
    delete args[TOKEN_ATTRIBUTE];
    this.authenticated = true;
    return true;
  }
}
