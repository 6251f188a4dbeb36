// Node's I/O errors in the shape Python needs to raise the same OSError as CPython: the Linux errno and
// Node's code (Python turns the errno into ConnectionRefusedError, TimeoutError and the rest).
import { constants } from 'node:os';
import type { IoError } from './ioProtocol';

const ERRNO: Readonly<Record<string, number>> = constants.errno as unknown as Record<string, number>;

/** Resolver failures (dns.lookup) by Node code → the getaddrinfo error Python reports (socket.gaierror). */
const RESOLVER_ERRORS: Readonly<Record<string, number>> = {
  ENOTFOUND: -2, // EAI_NONAME
  EAI_NONAME: -2,
  EAI_AGAIN: -3,
  EAI_FAIL: -4,
  EAI_FAMILY: -6,
  EAI_SERVICE: -8,
  EAI_NODATA: -5,
  EAI_ADDRFAMILY: -9,
  EAI_MEMORY: -10,
};

export function toIoError(error: unknown): IoError {
  if (!(error instanceof Error)) return { code: 'EIO', errno: ERRNO.EIO ?? 5, message: String(error) };
  const failure = error as NodeJS.ErrnoException;
  const code = typeof failure.code === 'string' ? failure.code : 'EIO';
  let errno = RESOLVER_ERRORS[code] ?? ERRNO[code];
  if (errno === undefined) errno = typeof failure.errno === 'number' ? Math.abs(failure.errno) : 0;
  return { code, errno, message: failure.message };
}
