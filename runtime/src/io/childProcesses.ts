// The program's child processes, run by the I/O worker: each starts in a process group of its own (so the whole
// group can be ended with the run), with its standard streams wired as Popen asked (pipes to Python, the program's
// own stdin/stdout/stderr, /dev/null, host files, another child's pipe); its pipes are carried like stream sockets
// (data, eof, writes counted in shared memory) and its end is reported with CPython's returncode.
import { spawn, type ChildProcess, type StdioNull, type StdioPipe } from 'node:child_process';
import { closeSync, createReadStream, fstatSync, openSync, type ReadStream } from 'node:fs';
import net from 'node:net';
import { isatty, ReadStream as TtyReadStream } from 'node:tty';
import type { MessagePort } from 'node:worker_threads';
import { findExecutable, SpawnError } from './executableLookup';
import { toIoError } from './hostErrors';
import { ownBytes, type IoContext } from './ioContext';
import type { ChildStdio, IoError, SpawnRequest } from './ioProtocol';
import { SIGNAL_NUMBERS } from '../programSignals';
import { PipePairs, type PipePair } from './pipePairs';
import { killGroup } from './processGroups';

interface ChildProcessOptions {
  /** The program writes straight to this process's fds 1/2; else its output is posted, and so is its children's. */
  inheritStdio: boolean;
  /** The program reads this process's stdin; else (given text) its children read /dev/null. */
  inheritStdin: boolean;
  /** Told each child's pid at once, so the session can end the groups even if this worker cannot. */
  tracker: MessagePort | null;
}

/** How long an exited child's forwarded output may take to arrive before its exit is reported anyway. */
const FORWARD_DRAIN_MS = 100;
/** How long the end of the run waits for killed children to be reaped. */
const REAP_WAIT_MS = 250;

interface Pipe {
  /** A socket pair's end, or (this process's stdin read for the program) a stream over fd 0. */
  socket: net.Socket | ReadStream;
  /** Python reads it (the child's stdout or stderr); else Python writes it (the child's stdin). */
  reading: boolean;
  closed: boolean;
}

type NodeStdio = StdioPipe | StdioNull | 'ignore' | number | net.Socket;

export class ChildProcesses {
  private readonly children = new Map<number, ChildProcess>();
  private readonly pipes = new Map<number, Pipe>();
  /** Every process group started in this run (a group may outlive its leader). */
  private readonly groups = new Set<number>();
  private readonly pairs = new PipePairs();
  private down = false;

  constructor(
    private readonly io: IoContext,
    private readonly options: ChildProcessOptions,
  ) {}

  /** Handle `h` is a child process or one of its pipes. */
  owns(h: number): boolean {
    return this.pipes.has(h) || this.children.has(h);
  }

  spawn(h: number, request: SpawnRequest): void {
    this.start(h, request).catch((error: unknown) => {
      const failure = error instanceof SpawnError ? error : new SpawnError(toIoError(error), null);
      this.io.post({ e: 'spawnFailed', h, error: failure.error, filename: failure.filename });
    });
  }

  private async start(h: number, request: SpawnRequest): Promise<void> {
    const file = findExecutable(request.executable, request.search, request.cwd);
    const opened: number[] = [];
    const made: PipePair[] = [];
    const newPipes: [number, Pipe][] = [];
    const forwarded: net.Socket[] = [];
    let child: ChildProcess;
    try {
      const stdio: NodeStdio[] = [];
      for (let fd = 0; fd < 3; fd++) {
        stdio.push(await this.wire(fd, request.stdio[fd]!, stdio, { opened, made, newPipes, forwarded }));
      }
      if (this.down) throw new SpawnError({ code: 'ECANCELED', errno: 125, message: 'the run is over' }, null);
      child = spawn(file, request.argv.slice(1), {
        argv0: request.argv[0] ?? file,
        cwd: request.cwd,
        env: request.env,
        stdio,
        // A new session and process group: the group ends with the run (see destroyAll and the session's reaper).
        detached: true,
        windowsHide: true,
        ...(request.uid !== null ? { uid: request.uid } : {}),
        ...(request.gid !== null ? { gid: request.gid } : {}),
      });
    } catch (error) {
      for (const pair of made) pair.program.destroy();
      throw error instanceof SpawnError ? error : new SpawnError(toIoError(error), request.executable);
    } finally {
      // The child has its copies now (or never will).
      for (const fd of opened) closeSync(fd);
      for (const pair of made) pair.child.destroy();
    }
    const pid = child.pid;
    if (pid === undefined) {
      for (const pair of made) pair.program.destroy();
      const error = await new Promise<unknown>((resolve) => child.once('error', resolve));
      throw new SpawnError(toIoError(error), request.executable);
    }
    this.options.tracker?.postMessage({ pid });
    this.groups.add(pid);
    this.children.set(h, child);
    // Signalling a child that just ended can fail; that is reported to Python by its own kill() call.
    child.on('error', () => undefined);
    for (const [pipeHandle, pipe] of newPipes) this.track(pipeHandle, pipe);
    this.io.post({ e: 'spawned', h, pid });
    child.once('exit', (code, signal) => {
      // Python numbers signals as Linux does, whatever the host's numbers are.
      const returncode = code ?? -(signal ? (SIGNAL_NUMBERS[signal] ?? 0) : 0);
      void drained(forwarded, FORWARD_DRAIN_MS).then(() => this.io.post({ e: 'exited', h, returncode }));
    });
  }

  /** Node's stdio entry for the child's stream `fd`. */
  private async wire(
    fd: number,
    spec: ChildStdio,
    earlier: readonly NodeStdio[],
    made: { opened: number[]; made: PipePair[]; newPipes: [number, Pipe][]; forwarded: net.Socket[] },
  ): Promise<NodeStdio> {
    switch (spec.kind) {
      case 'null':
        return 'ignore';
      case 'stdout':
        return earlier[1] ?? 'ignore';
      case 'file': {
        try {
          const descriptor = openSync(spec.path, spec.write ? 'a' : 'r');
          made.opened.push(descriptor);
          return descriptor;
        } catch (error) {
          throw new SpawnError(toIoError(error), spec.path);
        }
      }
      case 'handle': {
        const pipe = this.pipes.get(spec.h);
        if (!pipe || pipe.closed || !(pipe.socket instanceof net.Socket))
          throw new SpawnError({ code: 'EBADF', errno: 9, message: 'Bad file descriptor' }, null);
        return pipe.socket;
      }
      case 'pipe': {
        const pair = await this.pairs.make();
        made.made.push(pair);
        made.newPipes.push([spec.h, { socket: pair.program, reading: fd !== 0, closed: false }]);
        return pair.child;
      }
      case 'program': {
        if (spec.fd === 0) return this.options.inheritStdin ? 0 : 'ignore';
        if (this.options.inheritStdio) return spec.fd;
        // The program's output is posted to the session: the child's goes the same way, in order with it.
        const pair = await this.pairs.make();
        made.made.push(pair);
        made.forwarded.push(pair.program);
        this.forward(pair.program, spec.fd === 1 ? 'stdout' : 'stderr');
        return pair.child;
      }
    }
  }

  private forward(socket: net.Socket, stream: 'stdout' | 'stderr'): void {
    socket.on('data', (chunk: Buffer) => {
      const data = ownBytes(chunk);
      this.io.post({ e: 'output', stream, data }, [data.buffer as ArrayBuffer]);
    });
    socket.on('error', () => undefined);
    socket.on('end', () => socket.destroy());
    socket.resume();
  }

  private track(h: number, pipe: Pipe): void {
    this.pipes.set(h, pipe);
    const socket = pipe.socket;
    if (pipe.reading) {
      socket.on('data', (chunk: Buffer) => {
        const data = ownBytes(chunk);
        this.io.post({ e: 'data', h, data }, [data.buffer as ArrayBuffer]);
      });
    } else {
      // The child's stdin: nothing is read from it, but its end says the child (and any other holder) let go.
      socket.on('data', () => undefined);
      socket.resume();
    }
    socket.on('end', () => {
      if (!pipe.closed) this.io.post({ e: 'eof', h });
    });
    socket.on('error', (error: Error) => {
      if (!pipe.closed) this.io.post({ e: 'error', h, during: pipe.reading ? 'read' : 'write', error: brokenPipe(error) });
    });
    socket.once('close', () => {
      this.pipes.delete(h);
      this.io.post({ e: 'closed', h });
    });
  }

  /**
   * This process's stdin as a pipe Python reads (connect_read_pipe(sys.stdin)): a terminal, a pipe or socket, or a
   * character device such as /dev/null. Not read until Python reads it.
   */
  openStdin(h: number): void {
    let stream: net.Socket | ReadStream;
    try {
      const stats = fstatSync(0);
      if (isatty(0)) stream = new TtyReadStream(0);
      else if (stats.isFIFO() || stats.isSocket()) stream = new net.Socket({ fd: 0, readable: true, writable: false, allowHalfOpen: true });
      else stream = createReadStream('', { fd: 0, autoClose: false });
    } catch (error) {
      this.io.post({ e: 'error', h, during: 'read', error: toIoError(error) });
      this.io.post({ e: 'closed', h });
      return;
    }
    stream.pause();
    this.track(h, { socket: stream, reading: true, closed: false });
  }

  /** Python started reading a pipe of a child (until then the host leaves it alone). */
  resume(h: number): void {
    const pipe = this.pipes.get(h);
    if (pipe && !pipe.closed && pipe.reading) pipe.socket.resume();
  }

  pause(h: number): void {
    const pipe = this.pipes.get(h);
    if (pipe && pipe.reading) pipe.socket.pause();
  }

  write(h: number, data: Uint8Array): void {
    const pipe = this.pipes.get(h);
    if (!pipe || pipe.closed || !(pipe.socket instanceof net.Socket)) return;
    const bytes = data.byteLength;
    pipe.socket.write(data, (error) => {
      if (!error) this.io.written(h, bytes);
    });
  }

  end(h: number): void {
    const pipe = this.pipes.get(h);
    if (pipe && !pipe.closed && pipe.socket instanceof net.Socket) pipe.socket.end();
  }

  /** Python closed its end: a write end delivers what is queued and then EOF; a read end just goes. */
  close(h: number): void {
    const child = this.children.get(h);
    if (child) {
      // Python forgot the process (its Popen is gone); the process itself runs on, as under CPython.
      this.children.delete(h);
      this.io.post({ e: 'closed', h });
      return;
    }
    const pipe = this.pipes.get(h);
    if (!pipe || pipe.closed) return;
    pipe.closed = true;
    const socket = pipe.socket;
    if (pipe.reading || !(socket instanceof net.Socket) || socket.writableLength === 0) socket.destroy();
    else socket.end(() => socket.destroy());
  }

  abort(h: number): void {
    const pipe = this.pipes.get(h);
    if (!pipe) return this.close(h);
    pipe.closed = true;
    pipe.socket.destroy();
  }

  /**
   * The run is over: every process group started ends now, and every pipe closes. Resolves once the children
   * killed have been reaped (briefly waited for: this worker is their parent, and ends next).
   */
  destroyAll(): Promise<void> {
    this.down = true;
    const running = [...this.children.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    const reaped = Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    for (const group of this.groups) killGroup(group);
    for (const pipe of this.pipes.values()) pipe.socket.destroy();
    this.pipes.clear();
    this.children.clear();
    this.pairs.close();
    return Promise.race([reaped.then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, REAP_WAIT_MS))]);
  }
}

/** Writing to a child that no longer reads is EPIPE on Linux; a socket pair may say ECONNRESET instead. */
function brokenPipe(error: Error): IoError {
  const failure = toIoError(error);
  return failure.code === 'ECONNRESET' ? { code: 'EPIPE', errno: 32, message: 'Broken pipe' } : failure;
}

function drained(sockets: readonly net.Socket[], ms: number): Promise<void> {
  const open = sockets.filter((socket) => !socket.destroyed && !socket.readableEnded);
  if (open.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let left = open.length;
    const timer = setTimeout(resolve, ms);
    for (const socket of open) {
      socket.once('close', () => {
        if (--left === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}
