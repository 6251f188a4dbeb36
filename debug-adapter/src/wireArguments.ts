// Reads a custom request's arguments as they came over the wire (any JSON, or nothing) field by field, so each
// request's reader in customRequests.ts can check them and return its declared arguments type.
import type { CustomRequestName } from '../../protocol/debugProtocol';

/** One field of the arguments; undefined when it is absent or the arguments are not an object. */
export function field(given: unknown, name: string): unknown {
  return typeof given === 'object' && given !== null ? Reflect.get(given, name) : undefined;
}

/** A field that must be a number. */
export function requiredNumber(given: unknown, name: string, request: CustomRequestName): number {
  const value = field(given, name);
  if (typeof value !== 'number') throw new Error(`${request} needs a numeric "${name}"`);
  return value;
}
