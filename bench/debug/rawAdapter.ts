// The built adapter driven over stdio by a client that buffers linearly, for figures with large responses:
// DebugClient (@vscode/debugadapter-testsupport) concatenates its whole buffer on every chunk it reads, which for
// the 25 MB `loopscope/tasks` answer of 100,000 tasks takes 6-12 s of the client's own time. VS Code's inline
// adapter (the extension's default) does not serialize at all.
import { spawn, type ChildProcess } from 'node:child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ADAPTER } from '../../test/debugAdapter/adapterClient';

export class RawAdapter {
  private readonly process: ChildProcess;
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Where the message being read ends in the joined buffer, and where its body starts, once its header is read. */
  private needed: number | undefined;
  private bodyStart = 0;
  private seq = 1;
  private readonly waiting = new Map<number, (response: DebugProtocol.Response) => void>();
  private readonly eventWaiters: { event: string; resolve: (event: DebugProtocol.Event) => void }[] = [];

  constructor() {
    this.process = spawn(process.execPath, [ADAPTER], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.process.stdout!.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.drain();
    });
  }

  request<T extends DebugProtocol.Response>(command: string, args?: unknown): Promise<T> {
    const seq = this.seq++;
    const body = JSON.stringify({ seq, type: 'request', command, arguments: args });
    this.process.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    return new Promise((resolve) => this.waiting.set(seq, resolve as (response: DebugProtocol.Response) => void));
  }

  event<T extends DebugProtocol.Event>(event: string): Promise<T> {
    return new Promise((resolve) => this.eventWaiters.push({ event, resolve: resolve as (event: DebugProtocol.Event) => void }));
  }

  close(): void {
    this.process.kill();
  }

  /** Takes every whole message out of the buffer, joining the chunks once a message is complete (not on every chunk). */
  private drain(): void {
    for (;;) {
      if (this.needed === undefined) {
        const buffer = Buffer.concat(this.chunks, this.buffered);
        this.chunks = [buffer];
        const header = buffer.indexOf('\r\n\r\n');
        if (header < 0) return;
        this.bodyStart = header + 4;
        this.needed = this.bodyStart + Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString())?.[1]);
      }
      if (this.buffered < this.needed) return;
      const buffer = Buffer.concat(this.chunks, this.buffered);
      const message = JSON.parse(buffer.subarray(this.bodyStart, this.needed).toString()) as DebugProtocol.ProtocolMessage;
      const rest = buffer.subarray(this.needed);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.needed = undefined;
      if (message.type === 'response') {
        const response = message as DebugProtocol.Response;
        this.waiting.get(response.request_seq)?.(response);
        this.waiting.delete(response.request_seq);
      } else if (message.type === 'event') {
        const event = message as DebugProtocol.Event;
        const index = this.eventWaiters.findIndex((waiter) => waiter.event === event.event);
        if (index >= 0) this.eventWaiters.splice(index, 1)[0]!.resolve(event);
      }
    }
  }
}
