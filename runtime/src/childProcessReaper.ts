// The session's guarantee that no child process outlives the run: the I/O worker reports the pid of each child it
// starts (each leads a process group of its own) on a port of this thread, which does not depend on the runtime
// worker answering; when the run ends, however it ends, every such group is killed. A child reported after that
// is killed on arrival.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { killGroup } from './io/processGroups';

export class ChildProcessReaper {
  private readonly channel = new MessageChannel();
  private readonly groups = new Set<number>();
  private ended = false;

  constructor() {
    this.channel.port1.on('message', (message: { pid?: unknown }) => {
      const pid = message.pid;
      if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 1) return;
      if (this.ended) killGroup(pid);
      else this.groups.add(pid);
    });
    // Listening must not keep the process alive.
    this.channel.port1.unref();
  }

  /** The port to hand to the runtime worker (which passes it on to its I/O worker). */
  get port(): MessagePort {
    return this.channel.port2;
  }

  /** Process groups started so far (for tests and diagnostics). */
  get started(): readonly number[] {
    return [...this.groups];
  }

  /** The run is over: end every process group the program started, now and as reported later. */
  killAll(): void {
    this.ended = true;
    for (const pid of this.groups) killGroup(pid);
    this.groups.clear();
  }
}
