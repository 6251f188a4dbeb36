// Messages between the runtime worker (which runs Python and never returns to its own event loop) and the
// I/O worker (which owns every socket, server, DNS query and child process, on Node's event loop).
// The runtime worker sends commands; the I/O worker answers with events and wakes it through shared memory.

/** Where a stream or datagram socket is, or goes: an IP address and port, or a Unix socket path. */
export type SocketAddress = { host: string; port: number; family: 4 | 6 } | { path: string };

/** An error as the OS reported it: Node's code ('ECONNREFUSED') and the Linux errno (111). */
export interface IoError {
  code: string;
  errno: number;
  message: string;
}

/** What Python's ssl.SSLContext asked for, in the terms Node's tls module takes. */
export interface TlsOptions {
  serverSide: boolean;
  /** SNI and the name checked against the certificate (client side); null: none. */
  serverName: string | null;
  /** Verify the peer's certificate chain (CERT_REQUIRED / CERT_OPTIONAL). */
  verifyPeer: boolean;
  checkHostname: boolean;
  /** PEM texts of the CAs the context loaded itself (load_verify_locations). */
  ca: string[];
  /** The context asked for the default CAs (load_default_certs / set_default_verify_paths). */
  defaultCa: boolean;
  /** The program's SSL_CERT_FILE, which replaces the system's bundle as the defaults. */
  certFile: string | null;
  /** PEM certificate chain and key of this side. */
  cert: string | null;
  key: string | null;
  passphrase: string | null;
  alpn: string[] | null;
  minVersion: string | null;
  maxVersion: string | null;
  ciphers: string | null;
  /** Server side: ask the client for a certificate. */
  requestCert: boolean;
}

/** What a completed TLS handshake reports (for get_extra_info and ssl_object). */
export interface TlsInfo {
  version: string | null;
  cipher: [string, string, number] | null;
  alpn: string | null;
  /** The peer's certificate as Python's getpeercert() dict (subject/issuer tuples, dates), or null. */
  peerCert: PeerCertificate | null;
  /** The peer's certificate in DER, base64. */
  peerCertDer: string | null;
}

export interface PeerCertificate {
  subject: [string, string][][];
  issuer: [string, string][][];
  version: number;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  subjectAltName: [string, string][];
}

/** Where one of a child process's standard streams (0 stdin, 1 stdout, 2 stderr) goes. */
export type ChildStdio =
  /** The program's own stream with that number: where its input comes from, or its output goes. */
  | { kind: 'program'; fd: 0 | 1 | 2 }
  /** /dev/null (subprocess.DEVNULL). */
  | { kind: 'null' }
  /** A new pipe to the program, named `h` (Python reads the child's stdout/stderr, writes its stdin). */
  | { kind: 'pipe'; h: number }
  /** An existing pipe of the program (another child's pipe passed on, as in a shell pipeline). */
  | { kind: 'handle'; h: number }
  /** stderr only: wherever the child's stdout goes (subprocess.STDOUT). */
  | { kind: 'stdout' }
  /** A file of the host (a Python file object passed as the stream), opened for the child (writes append). */
  | { kind: 'file'; path: string; write: boolean };

/** A child process to start, with what the program's Popen asked for. */
export interface SpawnRequest {
  /** The program to run: a path, or a name looked up in `search` (execvp's rule). */
  executable: string;
  /** Its argv, argv[0] included (what the child sees). */
  argv: string[];
  /** PATH folders for a name without '/' (os.get_exec_path of the child's environment). */
  search: string[];
  cwd: string;
  env: Record<string, string>;
  stdio: [ChildStdio, ChildStdio, ChildStdio];
  uid: number | null;
  gid: number | null;
}

export type IoCommand =
  /** Open a TCP or Unix stream connection. `h` names it from now on. */
  | { k: 'connect'; h: number; to: SocketAddress; local: SocketAddress | null; noDelay: boolean; keepAlive: boolean }
  /** Listen (TCP or Unix); accepted connections wait, paused, until adopted. */
  | { k: 'listen'; h: number; at: SocketAddress; backlog: number; ipv6Only: boolean; exclusive: boolean }
  /** Give an accepted connection (announced by `accepted`) the handle `h` and start reading it. */
  | { k: 'adopt'; pending: number; h: number }
  | { k: 'write'; h: number; data: Uint8Array }
  /** Half-close: no more writes (FIN after the queued data). */
  | { k: 'end'; h: number }
  /** Close after the queued data is written. */
  | { k: 'close'; h: number }
  /** Close at once, dropping queued data (RST). */
  | { k: 'abort'; h: number }
  | { k: 'pause'; h: number }
  | { k: 'resume'; h: number }
  /** The runtime gives back reading a connection lent to it (directReads.ts): the host reads it again. */
  | { k: 'read'; h: number }
  | { k: 'option'; h: number; noDelay?: boolean; keepAlive?: boolean }
  /** Start TLS on a connected stream (client or server side); `secured` or `error` follows. */
  | { k: 'tls'; h: number; options: TlsOptions }
  | { k: 'udpOpen'; h: number; family: 4 | 6; bind: SocketAddress | null; reuseAddress: boolean; broadcast: boolean }
  | { k: 'udpConnect'; h: number; to: SocketAddress }
  | { k: 'udpSend'; h: number; data: Uint8Array; to: SocketAddress | null }
  /** getaddrinfo through the host's resolver; `q` names the query. */
  | { k: 'lookup'; q: number; host: string; family: 0 | 4 | 6 }
  | { k: 'lookupService'; q: number; host: string; port: number }
  /** Start a child process named `h`; `spawned` or `spawnFailed` follows, `exited` when it ends. */
  | { k: 'spawn'; h: number; request: SpawnRequest }
  /** Read this process's stdin as pipe `h` (asyncio's connect_read_pipe(sys.stdin), when the program's input is it). */
  | { k: 'stdin'; h: number }
  /** Close everything (end of the run); answered by `down`. */
  | { k: 'shutdown' };

export type IoEvent =
  /** `fd`: the host's file descriptor, which the runtime may write to itself (see directWrites.ts), or null. */
  | { e: 'connected'; h: number; local: SocketAddress; remote: SocketAddress; fd: number | null }
  | { e: 'listening'; h: number; local: SocketAddress }
  | { e: 'accepted'; h: number; pending: number; local: SocketAddress; remote: SocketAddress; fd: number | null }
  /** `lent`: the host stopped reading after this chunk; the runtime reads the descriptor itself (directReads.ts). */
  | { e: 'data'; h: number; data: Uint8Array; lent?: true }
  /** The peer will send no more (FIN). */
  | { e: 'eof'; h: number }
  /** A failure; `during` says of what (connect, listen, read, write, tls, bind). */
  | { e: 'error'; h: number; during: string; error: IoError }
  /** The handle is gone on the host side (after close, abort, or an error). */
  | { e: 'closed'; h: number }
  | { e: 'secured'; h: number; info: TlsInfo }
  | { e: 'udpBound'; h: number; local: SocketAddress }
  | { e: 'datagram'; h: number; data: Uint8Array; from: SocketAddress }
  | { e: 'resolved'; q: number; addresses: { address: string; family: 4 | 6 }[] }
  | { e: 'serviceResolved'; q: number; host: string; service: string }
  | { e: 'resolveFailed'; q: number; error: IoError }
  | { e: 'spawned'; h: number; pid: number }
  /** The child could not start; `filename` is what CPython names in the error (the program, or the cwd). */
  | { e: 'spawnFailed'; h: number; error: IoError; filename: string | null }
  /** The child ended: its exit code, or minus the signal that killed it (Popen.returncode). */
  | { e: 'exited'; h: number; returncode: number }
  /** Output of a child writing where the program's own output goes (when that output is posted, not inherited). */
  | { e: 'output'; stream: 'stdout' | 'stderr'; data: Uint8Array }
  | { e: 'down' };

/**
 * Shared memory the two workers both see (Int32 slots): [0] bumped and notified on every event (the
 * runtime's wake slot is the session's control buffer; this one counts posts), then per handle slot the
 * bytes the host has finished writing (modulo 2^32), whether the runtime waits for that, and the two words
 * of the direct-access handshake (directWrites.ts, directReads.ts).
 */
export const IO_SHARED = {
  posted: 0,
  header: 4,
  /** Handle slots (a handle id modulo this is its slot). */
  slots: 1 << 14,
  perSlot: 4,
  /** Int32 index of slot `s`'s written-bytes counter. */
  written: (slot: number): number => IO_SHARED.header + IO_SHARED.perSlot * slot,
  /** Int32 index of slot `s`'s "wake me when written" flag. */
  wantWritten: (slot: number): number => IO_SHARED.header + IO_SHARED.perSlot * slot + 1,
  /** Int32 index of slot `s`'s direct-write permit: the handle id whose descriptor is open, or 0. */
  directPermit: (slot: number): number => IO_SHARED.header + IO_SHARED.perSlot * slot + 2,
  /** Int32 index of slot `s`'s "the runtime is reading or writing the descriptor now" flag. */
  directInUse: (slot: number): number => IO_SHARED.header + IO_SHARED.perSlot * slot + 3,
} as const;

export const IO_SHARED_BYTES = 4 * (IO_SHARED.header + IO_SHARED.perSlot * IO_SHARED.slots);
