// Hosts a socket call takes as they are written, without asking a name server: CPython's `setipaddr` parses an IPv4
// dotted quad and an IPv6 address (one without a `%scope`, which goes to getaddrinfo) with inet_pton, and reads `''`
// (any address) and `'<broadcast>'` itself. Anything else is looked up. LOOP106 and LOOP108 ask it of the host a
// datagram socket connects to and of the host a lookup is given (see nonBlockingSockets), and of the values a caller
// passes for a datagram socket's host (see parameterGuard).

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
