// Connected pairs of Unix stream sockets for a child's standard streams: one end goes to the child, the other
// stays with the I/O worker and is not read until the program reads it (so it can be handed to another child).
// Node makes such pairs only inside spawn(), where its end starts reading at once; a private listening socket
// gives pairs whose program end is accepted paused (pauseOnConnect), with documented API only.
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

export interface PipePair {
  /** The end the child gets (dup'ed into it at spawn; closed here right after). */
  child: net.Socket;
  /** The program's end: paused, not read until resumed. */
  program: net.Socket;
}

export class PipePairs {
  private server: net.Server | undefined;
  private address = '';
  private listening: Promise<void> | undefined;
  /** Connections accepted and not yet paired (one pair is made at a time, so they come in order). */
  private readonly accepted: net.Socket[] = [];
  private waiting: ((socket: net.Socket) => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  /** A new connected pair (pairs are made one after another, so each accept matches its connect). */
  make(): Promise<PipePair> {
    const next = this.queue.then(() => this.makeNow());
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    for (const socket of this.accepted.splice(0)) socket.destroy();
    this.server?.close();
    this.server = undefined;
    this.listening = undefined;
    if (this.address && !this.address.startsWith('\0')) {
      try {
        unlinkSync(this.address);
      } catch {
        // Already gone.
      }
    }
  }

  private async makeNow(): Promise<PipePair> {
    await this.listen();
    const accepted = new Promise<net.Socket>((resolve) => {
      const ready = this.accepted.shift();
      if (ready) resolve(ready);
      else this.waiting = resolve;
    });
    const child = net.connect({ path: this.address, allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => {
      child.once('connect', resolve);
      child.once('error', reject);
    });
    child.pause();
    const program = await accepted;
    return { child, program };
  }

  private listen(): Promise<void> {
    if (this.listening) return this.listening;
    // Linux: an abstract socket (nothing on disk to leave behind); elsewhere a file in the temporary folder.
    const name = `loopscope-pipes-${process.pid}-${threadId}-${randomBytes(6).toString('hex')}`;
    this.address = process.platform === 'linux' ? `\0${name}` : path.join(tmpdir(), `${name}.sock`);
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting(socket);
      else this.accepted.push(socket);
    });
    this.server = server;
    server.unref();
    this.listening = new Promise((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
      server.listen({ path: this.address });
    });
    return this.listening;
  }
}
