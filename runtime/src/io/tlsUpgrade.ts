// TLS on a connected host socket, with Node's OpenSSL: the bundled CPython's ssl module is Pyodide's stub
// (it keeps SSLContext settings but encrypts nothing), so Python's SSLContext is translated to tls options.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { PeerCertificate, TlsInfo, TlsOptions } from './ioProtocol';

/** Wraps `raw` in TLS (client or server side); `onSecure` runs once the handshake succeeded. */
export function startTls(raw: net.Socket, options: TlsOptions, onSecure: (info: TlsInfo) => void): tls.TLSSocket {
  const common = definedOnly({
    ca: trustedCertificates(options),
    cert: options.cert,
    key: options.key,
    passphrase: options.passphrase,
    ALPNProtocols: options.alpn,
    minVersion: options.minVersion as tls.SecureVersion | null,
    maxVersion: options.maxVersion as tls.SecureVersion | null,
    ciphers: options.ciphers,
  });
  if (options.serverSide) {
    const secure = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext: tls.createSecureContext(common),
      requestCert: options.requestCert,
      rejectUnauthorized: options.requestCert && options.verifyPeer,
      ...(common.ALPNProtocols ? { ALPNProtocols: common.ALPNProtocols } : {}),
    });
    secure.once('secure', () => onSecure(describe(secure)));
    return secure;
  }
  const name = options.serverName;
  const secure = tls.connect({
    socket: raw,
    ...common,
    ...(name && net.isIP(name) === 0 ? { servername: name } : {}),
    rejectUnauthorized: options.verifyPeer,
    // Python checks the name it was given (server_hostname), only when check_hostname is on.
    ...(options.checkHostname && name ? { host: name } : { checkServerIdentity: () => undefined }),
  });
  secure.once('secureConnect', () => onSecure(describe(secure)));
  return secure;
}

/** The options without the ones left unset (Node treats a present `undefined` as a value). */
function definedOnly<T extends Record<string, unknown>>(options: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (value !== null && value !== undefined) result[key] = value;
  return result as { [K in keyof T]?: Exclude<T[K], null | undefined> };
}

/** Where Linux distributions keep the system's trusted CAs, as OpenSSL looks for them. */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

/**
 * The CAs a context trusts: those it loaded itself, plus, when it asked for the defaults, the file named by
 * the program's SSL_CERT_FILE or else the system's bundle (Node's own Mozilla roots where there is none).
 * undefined: Node's defaults.
 */
function trustedCertificates(options: TlsOptions): string[] | undefined {
  const trusted = [...options.ca];
  if (options.defaultCa) {
    const bundle = readFirst(options.certFile ? [options.certFile] : SYSTEM_BUNDLES);
    trusted.push(...(bundle !== undefined ? [bundle] : tls.rootCertificates));
  }
  return trusted.length > 0 ? trusted : undefined;
}

function readFirst(files: readonly string[]): string | undefined {
  for (const file of files) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      // Not on this system: try the next.
    }
  }
  return undefined;
}

function describe(socket: tls.TLSSocket): TlsInfo {
  const cipher = socket.getCipher();
  const peer = socket.getPeerCertificate(false);
  const hasPeer = peer && Object.keys(peer).length > 0;
  return {
    version: socket.getProtocol() ?? null,
    cipher: cipher ? [cipher.standardName ?? cipher.name, cipher.version, bitsOf(cipher.name)] : null,
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    peerCert: hasPeer ? pythonCertificate(peer) : null,
    peerCertDer: hasPeer && peer.raw ? peer.raw.toString('base64') : null,
  };
}

function bitsOf(cipher: string): number {
  return /AES_128|AES128/.test(cipher) ? 128 : /CHACHA20|AES_256|AES256/.test(cipher) ? 256 : 0;
}

const NAME_FIELDS: Record<string, string> = {
  C: 'countryName',
  ST: 'stateOrProvinceName',
  L: 'localityName',
  O: 'organizationName',
  OU: 'organizationalUnitName',
  CN: 'commonName',
  emailAddress: 'emailAddress',
};

function pythonName(name: Record<string, string | string[]> | undefined): [string, string][][] {
  if (!name) return [];
  const result: [string, string][][] = [];
  for (const [field, value] of Object.entries(name)) {
    for (const item of Array.isArray(value) ? value : [value]) result.push([[NAME_FIELDS[field] ?? field, item]]);
  }
  return result;
}

/** The dict CPython's SSLSocket.getpeercert() returns, from Node's certificate object. */
function pythonCertificate(peer: tls.PeerCertificate): PeerCertificate {
  const altNames: [string, string][] = [];
  for (const entry of (peer.subjectaltname ?? '').split(', ')) {
    const at = entry.indexOf(':');
    if (at > 0) altNames.push([entry.slice(0, at) === 'IP Address' ? 'IP Address' : entry.slice(0, at), entry.slice(at + 1)]);
  }
  return {
    subject: pythonName(peer.subject as unknown as Record<string, string | string[]>),
    issuer: pythonName(peer.issuer as unknown as Record<string, string | string[]>),
    version: 3,
    serialNumber: peer.serialNumber,
    notBefore: peer.valid_from,
    notAfter: peer.valid_to,
    subjectAltName: altNames,
  };
}
