// getaddrinfo / getnameinfo through the host's resolver (libuv's getaddrinfo, in the order it returns).
import dns from 'node:dns';
import { toIoError } from './hostErrors';
import type { IoContext } from './ioContext';

export function lookup(io: IoContext, q: number, host: string, family: 0 | 4 | 6): void {
  dns.lookup(host, { all: true, family, verbatim: true }, (error, addresses) => {
    if (error) io.post({ e: 'resolveFailed', q, error: toIoError(error) });
    else io.post({ e: 'resolved', q, addresses: addresses.map(({ address, family: kind }) => ({ address, family: kind === 6 ? 6 : 4 })) });
  });
}

export function lookupService(io: IoContext, q: number, host: string, port: number): void {
  dns.lookupService(host, port, (error, hostname, service) => {
    if (error) io.post({ e: 'resolveFailed', q, error: toIoError(error) });
    else io.post({ e: 'serviceResolved', q, host: hostname, service });
  });
}
