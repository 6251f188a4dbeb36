// The runtime worker's end of the I/O worker: started on the program's first I/O, commands posted to it, its
// events read synchronously (this thread never returns to its own event loop while Python runs).
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { IoWorkerData } from '../../io/ioWorker';
import type { IoCommand, IoEvent } from '../../io/ioProtocol';
import { IO_SHARED, IO_SHARED_BYTES } from '../../io/ioProtocol';

export class IoChannel {
  readonly shared = new Int32Array(new SharedArrayBuffer(IO_SHARED_BYTES));
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private seen = 0;

  constructor(
    private readonly control: SharedArrayBuffer,
    private readonly wakeSlot: number,
    /** How the program's stdio is wired and where child pids go (passed on to the I/O worker). */
    private readonly children: Pick<IoWorkerData, 'inheritStdio' | 'inheritStdin' | 'childTracker'> = {
      inheritStdio: false,
      inheritStdin: false,
      childTracker: null,
    },
    private readonly workerFile = path.join(__dirname, 'ioWorker.js'),
    /** Told of the command that starts the I/O worker: the run's first contact with the world. */
    private readonly onFirstCommand?: (command: IoCommand) => void,
  ) {}

  get started(): boolean {
    return this.worker !== undefined;
  }

  /** The I/O worker posted events not drained yet. */
  get hasEvents(): boolean {
    return this.port !== undefined && Atomics.load(this.shared, IO_SHARED.posted) !== this.seen;
  }

  send(command: IoCommand, transfer?: ArrayBuffer[]): void {
    if (!this.port) this.onFirstCommand?.(command);
    this.open().postMessage(command, transfer ?? []);
  }

  /** Events posted since the last call (cheap when there are none: one shared-memory read). */
  drain(apply: (event: IoEvent) => void): void {
    const port = this.port;
    if (!port) return;
    const posted = Atomics.load(this.shared, IO_SHARED.posted);
    if (posted === this.seen) return;
    this.seen = posted;
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) apply(message.message as IoEvent);
  }

  /**
   * Ends every host socket, server and child process (the run is over); waits up to `ms` for the I/O worker to
   * confirm, handing the events that arrive meanwhile to `apply` (a child's last output).
   */
  shutdown(ms: number, apply?: (event: IoEvent) => void): void {
    const port = this.port;
    if (!port || !this.worker) return;
    this.send({ k: 'shutdown' });
    const control = new Int32Array(this.control);
    const deadline = performance.now() + ms;
    for (let left = ms; left > 0; left = deadline - performance.now()) {
      const wake = Atomics.load(control, this.wakeSlot);
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
        const event = message.message as IoEvent;
        if (event.e === 'down') return this.stop();
        apply?.(event);
      }
      Atomics.wait(control, this.wakeSlot, wake, left);
    }
    this.stop();
  }

  private stop(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.port?.close();
    this.port = undefined;
  }

  private open(): MessagePort {
    if (this.port) return this.port;
    const channel = new MessageChannel();
    const tracker = this.children.childTracker;
    const workerData: IoWorkerData = {
      port: channel.port2,
      shared: this.shared.buffer as SharedArrayBuffer,
      control: this.control,
      wakeSlot: this.wakeSlot,
      ...this.children,
    };
    this.worker = new Worker(this.workerFile, {
      workerData,
      transferList: tracker ? [channel.port2, tracker] : [channel.port2],
      stdout: false,
      stderr: false,
    });
    // Nothing of the program's may keep the process alive once the run is over.
    this.worker.unref();
    this.port = channel.port1;
    return this.port;
  }
}
