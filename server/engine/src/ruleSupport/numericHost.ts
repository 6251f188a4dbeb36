// Hosts a socket call takes as they are written, without asking a name server: CPython's `setipaddr` parses an IPv4
// dotted quad and an IPv6 address (one without a `%scope`, which goes to getaddrinfo) with inet_pton, and reads `''`
// (any address) and `'<broadcast>'` itself. Anything else is looked up. LOOP106 and LOOP108 ask it of the host a
// datagram socket connects to and of the host a lookup is given (see nonBlockingSockets), and of the values a caller
// passes for a datagram socket's host (see parameterGuard), also as the host of a URL they pass (see urlHosts).

const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Whether a socket call given `host` uses it without a lookup. */
export function isNumericHost(host: string): boolean {
  return host === '' || host === '<broadcast>' || IPV4.test(host) || isIpv6(host);
}

/** Eight groups of up to four hex digits (the last two may be an IPv4 address), `::` standing for one or more zero groups. */
function isIpv6(host: string): boolean {
  const halves = host.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const all = groups.flat();
  // An IPv4 tail (`::ffff:10.0.0.1`), at the very end, stands for two groups.
  const tail = groups[groups.length - 1]!;
  const last = tail[tail.length - 1];
  const ipv4Tail = last !== undefined && IPV4.test(last);
  const hexGroups = ipv4Tail ? all.slice(0, -1) : all;
  if (!hexGroups.every((group) => IPV6_GROUP.test(group))) return false;
  const count = hexGroups.length + (ipv4Tail ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

/**
 * The host of a URL written with an authority (`http://10.0.0.1:8080/x`, `//user@[::1]/`), as urlsplit's `hostname`
 * reads it (lower case, without brackets, user or port); undefined for a URL without `//`, whose parts urlsplit reads
 * otherwise. An empty host reads as `''` (urlsplit gives None).
 */
export function urlHost(url: string): string | undefined {
  const authority = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/([^/?#]*)/.exec(url)?.[1];
  if (authority === undefined) return undefined;
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostAndPort.startsWith('[')) {
    const end = hostAndPort.indexOf(']');
    return end < 0 ? undefined : hostAndPort.slice(1, end).toLowerCase();
  }
  const colon = hostAndPort.indexOf(':');
  return (colon < 0 ? hostAndPort : hostAndPort.slice(0, colon)).toLowerCase();
}
