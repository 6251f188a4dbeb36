// The child processes Python starts (`hostlink.processes`): subprocess.Popen, os.system and asyncio's subprocess
// transport are built on these calls. A process is a host handle that turns readable when it ends (as a pidfd
// does, so an event loop's selector can watch it); its pipes are host handles read and written like stream
// sockets through hostlink.io.
import { fstatSync } from 'node:fs';
import type { ChildStdio, IoError, SpawnRequest } from '../../io/ioProtocol';
import { signalName } from '../../programSignals';
import type { HostIo, ProcessEvent } from './hostIo';
import { READABLE, WRITABLE } from './ioHandles';

interface ProcessState {
  pid: number;
  started: boolean;
  returncode: number | null;
  error: (IoError & { filename: string | null }) | null;
  /** Its pipe handles (0: none), for stdin, stdout, stderr. */
  pipes: [number, number, number];
}

export class HostProcesses {
  private readonly processes = new Map<number, ProcessState>();

  constructor(
    private readonly io: HostIo,
    /** Output of children writing where the program's own output goes, when that is posted (not inherited). */
    private readonly output: (stream: 'stdout' | 'stderr', data: Uint8Array) => void,
    /** The program's stdout and stderr are this process's fds 1 and 2 (else they are posted to the session). */
    private readonly inheritStdio: boolean,
    /** Where the program's stdin comes from: this process's fd 0, a text given to the run, or the debugger's user. */
    private readonly stdinSource: 'host' | 'text' | 'interactive',
  ) {
    io.processEvents = (event) => this.apply(event);
  }

  /**
   * Starts a child. `requestJson` is a SpawnRequest whose new pipes are `{kind: 'pipe'}` (named here). Returns JSON
   * `{process, stdin, stdout, stderr}` (handle ids, 0 for no pipe), or `{error}` when the request is malformed.
   */
  spawn(requestJson: string): string {
    let request: SpawnRequest;
    try {
      request = parseSpawnRequest(requestJson);
    } catch (error) {
      return JSON.stringify({ error: `loopscope: bad process request: ${error instanceof Error ? error.message : String(error)}` });
    }
    const process = this.io.openHandle('process', 'connected');
    const pipes: [number, number, number] = [0, 0, 0];
    const stdio = request.stdio.map((spec, fd): ChildStdio => {
      if (spec.kind !== 'pipe') return spec;
      pipes[fd] = this.io.openHandle('pipe', 'connected');
      return { kind: 'pipe', h: pipes[fd] };
    });
    request.stdio = [stdio[0]!, stdio[1]!, stdio[2]!];
    this.processes.set(process, { pid: 0, started: false, returncode: null, error: null, pipes });
    this.io.sendCommand({ k: 'spawn', h: process, request });
    return JSON.stringify({ process, stdin: pipes[0], stdout: pipes[1], stderr: pipes[2] });
  }

  /** Blocks until the child has started or failed to (`timeout` seconds; statuses as HostIo.wait). */
  waitStarted(h: number, timeout: number): number {
    const state = this.processes.get(h);
    return state ? this.io.blockUntil(() => state.started, timeout) : 0;
  }

  /** Blocks until the child has ended. */
  waitExited(h: number, timeout: number): number {
    const state = this.processes.get(h);
    return state ? this.io.blockUntil(() => state.returncode !== null || state.error !== null, timeout) : 0;
  }

  /**
   * Blocks until one of the pipes (handle ids, 0: none) is ready: stdin writable, stdout or stderr readable (or
   * ended, or failed). Returns the ready ones as bits 1, 2, 4, or a negative status.
   */
  waitPipes(stdin: number, stdout: number, stderr: number, timeout: number): number {
    const readiness = (): number =>
      (stdin && this.io.readiness(stdin) & WRITABLE ? 1 : 0) |
      (stdout && this.io.readiness(stdout) & READABLE ? 2 : 0) |
      (stderr && this.io.readiness(stderr) & READABLE ? 4 : 0);
    const status = this.io.blockUntil(() => readiness() !== 0, timeout);
    return status < 0 ? status : readiness();
  }

  /** `{pid, returncode, error}` of the child, as JSON. */
  state(h: number): string {
    this.io.drain();
    const state = this.processes.get(h);
    if (!state) return JSON.stringify({ pid: 0, returncode: null, error: null });
    return JSON.stringify({ pid: state.pid, returncode: state.returncode, error: state.error });
  }

  /** The host may read a child's output pipe (until Python reads it, it is left alone, so it can go to another child). */
  startReading(h: number): void {
    this.io.sendCommand({ k: 'resume', h });
  }

  /** os.kill: '' when sent, else the error code ('ESRCH', 'EPERM', 'EINVAL'). `signal` is Linux's number. */
  kill(pid: number, signal: number): string {
    try {
      // By name where it has one, so a host that numbers signals otherwise gets the same signal.
      process.kill(pid, signal === 0 ? 0 : (signalName(signal) ?? signal));
      return '';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return typeof code === 'string' ? code : 'EINVAL';
    }
  }

  /**
   * The program's stdin for asyncio's connect_read_pipe, as JSON: `{h}` a host pipe reading this process's stdin,
   * `{text: true}` (the run's input is a given text, readable at once), or `{error}`.
   */
  programStdin(): string {
    if (this.stdinSource === 'interactive')
      return JSON.stringify({
        error: "loopscope: under the debugger the program's stdin is typed in by the user and cannot be read by a pipe transport",
      });
    if (this.stdinSource === 'text') return JSON.stringify({ text: true });
    if (!this.streamIsPipe(0)) return JSON.stringify({ error: 'Pipe transport is for pipes/sockets only.' });
    const h = this.io.openHandle('pipe', 'connected');
    this.io.sendCommand({ k: 'stdin', h });
    return JSON.stringify({ h });
  }

  /**
   * The program's stream `fd` is a pipe, socket or character device (what asyncio's pipe transports accept), not
   * a regular file. Posted output and given input count as pipes.
   */
  streamIsPipe(fd: number): boolean {
    if (fd === 0 ? this.stdinSource !== 'host' : !this.inheritStdio) return true;
    try {
      const stats = fstatSync(fd);
      return stats.isFIFO() || stats.isSocket() || stats.isCharacterDevice();
    } catch {
      return false;
    }
  }

  /** The process id of the program's own process (os.getpid()) and of its parent. */
  ownPid(): number {
    return process.pid;
  }

  parentPid(): number {
    return process.ppid;
  }

  /** Python no longer follows the child (its Popen is gone); the child itself is left running. */
  release(h: number): void {
    if (!this.processes.delete(h)) return;
    this.io.close(h);
  }

  private apply(event: ProcessEvent): void {
    if (event.e === 'output') return this.output(event.stream, event.data);
    const state = this.processes.get(event.h);
    if (!state) return;
    switch (event.e) {
      case 'spawned':
        state.pid = event.pid;
        state.started = true;
        break;
      case 'spawnFailed': {
        state.started = true;
        state.error = { ...event.error, filename: event.filename };
        // Nothing of it exists on the host: its handles are free as soon as Python lets go of them.
        for (const h of [event.h, ...state.pipes]) {
          const handle = h ? this.io.handleOf(h) : undefined;
          if (handle) handle.hostClosed = true;
        }
        break;
      }
      case 'exited': {
        state.returncode = event.returncode;
        const handle = this.io.handleOf(event.h);
        if (handle) handle.eof = true;
        break;
      }
    }
  }
}

/** A SpawnRequest from Python, checked field by field (a malformed one is refused, never half-used). */
function parseSpawnRequest(text: string): SpawnRequest {
  const value = JSON.parse(text) as Record<string, unknown>;
  const strings = (name: string): string[] => {
    const list = value[name];
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) throw new Error(`${name} must be a list of strings`);
    return list as string[];
  };
  const text_ = (name: string): string => {
    const item = value[name];
    if (typeof item !== 'string') throw new Error(`${name} must be a string`);
    return item;
  };
  const id = (name: string): number | null => {
    const item = value[name];
    if (item === null || item === undefined) return null;
    if (typeof item !== 'number' || !Number.isInteger(item) || item < 0) throw new Error(`${name} must be a non-negative integer`);
    return item;
  };
  const env = value.env;
  if (typeof env !== 'object' || env === null || !Object.values(env).every((item) => typeof item === 'string'))
    throw new Error('env must map names to strings');
  const stdio = value.stdio;
  if (!Array.isArray(stdio) || stdio.length !== 3) throw new Error('stdio must have three entries');
  const argv = strings('argv');
  if (argv.length === 0) throw new Error('argv is empty');
  return {
    executable: text_('executable'),
    argv,
    search: strings('search'),
    cwd: text_('cwd'),
    env: env as Record<string, string>,
    stdio: [parseStdio(stdio[0]), parseStdio(stdio[1]), parseStdio(stdio[2])],
    uid: id('uid'),
    gid: id('gid'),
  };
}

function parseStdio(value: unknown): ChildStdio {
  const spec = value as Record<string, unknown> | null;
  switch (spec?.kind) {
    case 'program':
      if (spec.fd === 0 || spec.fd === 1 || spec.fd === 2) return { kind: 'program', fd: spec.fd };
      break;
    case 'null':
    case 'stdout':
      return { kind: spec.kind };
    case 'pipe':
      return { kind: 'pipe', h: 0 };
    case 'handle':
      if (typeof spec.h === 'number') return { kind: 'handle', h: spec.h };
      break;
    case 'file':
      if (typeof spec.path === 'string') return { kind: 'file', path: spec.path, write: spec.write === true };
      break;
  }
  throw new Error(`unknown stdio ${JSON.stringify(value)}`);
}
