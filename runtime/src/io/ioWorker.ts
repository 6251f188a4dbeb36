// Entry of the I/O worker thread (dist/ioWorker.js), started by a runtime worker on the program's first I/O:
// it runs Node's event loop for that program's sockets, servers, DNS queries and TLS, which the runtime
// worker cannot (it is busy running Python, or blocked waiting for it), and reports back as events.
import { workerData, type MessagePort } from 'node:worker_threads';
import { ChildProcesses } from './childProcesses';
import { DatagramSockets } from './datagramSockets';
import { IoContext } from './ioContext';
import type { IoCommand } from './ioProtocol';
import { lookup, lookupService } from './nameResolution';
import { StreamSockets } from './streamSockets';

export interface IoWorkerData {
  port: MessagePort;
  shared: SharedArrayBuffer;
  /** The runtime worker's control buffer and the slot it waits on. */
  control: SharedArrayBuffer;
  wakeSlot: number;
  /** How the program's own stdio is wired (children inherit the same), and where child pids are reported. */
  inheritStdio: boolean;
  inheritStdin: boolean;
  childTracker: MessagePort | null;
}

const data = workerData as IoWorkerData;
const io = new IoContext(data.port, data.shared, data.control, data.wakeSlot);
const streams = new StreamSockets(io);
const datagrams = new DatagramSockets(io);
const children = new ChildProcesses(io, { inheritStdio: data.inheritStdio, inheritStdin: data.inheritStdin, tracker: data.childTracker });

data.port.on('message', (command: IoCommand) => {
  try {
    run(command);
  } catch (error) {
    // A command the host refused synchronously (a bad address, an option Node rejects): the handle fails.
    const h = 'h' in command ? command.h : -1;
    const failure = error instanceof Error ? error : new Error(String(error));
    if ('q' in command) io.post({ e: 'resolveFailed', q: command.q, error: { code: 'EINVAL', errno: 22, message: failure.message } });
    else if (h >= 0) io.post({ e: 'error', h, during: command.k, error: { code: 'EINVAL', errno: 22, message: failure.message } });
  }
});

function run(command: IoCommand): void {
  if ('h' in command && children.owns(command.h)) return runForChild(command);
  switch (command.k) {
    case 'connect':
      return streams.connect(command);
    case 'listen':
      return streams.listen(command);
    case 'adopt':
      return streams.adopt(command.pending, command.h);
    case 'write':
      return streams.write(command.h, command.data);
    case 'end':
      return streams.end(command.h);
    case 'close':
      if (!datagrams.close(command.h)) streams.close(command.h);
      return;
    case 'abort':
      if (!datagrams.close(command.h)) streams.abort(command.h);
      return;
    case 'pause':
      return streams.pause(command.h);
    case 'resume':
      return streams.resume(command.h);
    case 'read':
      return streams.readAgain(command.h);
    case 'option':
      return streams.option(command.h, command.noDelay, command.keepAlive);
    case 'tls':
      return streams.tls(command.h, command.options);
    case 'udpOpen':
      return datagrams.open(command);
    case 'udpConnect':
      return datagrams.connect(command.h, command.to);
    case 'udpSend':
      return datagrams.send(command.h, command.data, command.to);
    case 'lookup':
      return lookup(io, command.q, command.host, command.family);
    case 'lookupService':
      return lookupService(io, command.q, command.host, command.port);
    case 'spawn':
      return children.spawn(command.h, command.request);
    case 'stdin':
      return children.openStdin(command.h);
    case 'shutdown':
      streams.destroyAll();
      datagrams.destroyAll();
      void children.destroyAll().then(() => {
        io.post({ e: 'down' });
        data.port.close();
      });
      return;
  }
}

/** Commands on a child process's handles (its pipes, or the process itself). */
function runForChild(command: Extract<IoCommand, { h: number }>): void {
  switch (command.k) {
    case 'write':
      return children.write(command.h, command.data);
    case 'end':
      return children.end(command.h);
    case 'close':
      return children.close(command.h);
    case 'abort':
      return children.abort(command.h);
    case 'pause':
      return children.pause(command.h);
    case 'resume':
      return children.resume(command.h);
    default:
      return;
  }
}
