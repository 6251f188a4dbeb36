// Test helper: the built adapter (dist/debugAdapter.js) driven by DebugClient, with every event queued so a
// test can wait for "the next stop" without racing it, and lines of test programs found by `# @marker`.
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoopscopeLaunchArguments } from '../../protocol/debugProtocol';

export const ADAPTER = path.resolve(__dirname, '../../dist/debugAdapter.js');
export const PROGRAMS = path.join(__dirname, 'programs');
const TIMEOUT_MS = 40_000;

export function program(name: string): string {
  return path.join(PROGRAMS, name);
}

/** Line of `# @marker` in a test program. */
export function lineOf(file: string, marker: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(`# @${marker}`));
  assert.ok(index >= 0, `no marker @${marker} in ${file}`);
  return index + 1;
}

type EventName =
  | 'stopped'
  | 'output'
  | 'terminated'
  | 'exited'
  | 'thread'
  | 'initialized'
  | 'progressStart'
  | 'progressEnd'
  | 'loopscope/tasksChanged'
  | 'loopscope/timelineChanged'
  | 'loopscope/inputRequested'
  | 'loopscope/runtimeStarted';
const EVENTS: EventName[] = [
  'stopped',
  'output',
  'terminated',
  'exited',
  'thread',
  'initialized',
  'progressStart',
  'progressEnd',
  'loopscope/tasksChanged',
  'loopscope/timelineChanged',
  'loopscope/inputRequested',
  'loopscope/runtimeStarted',
];

export class AdapterClient {
  readonly dc: DebugClient;
  private readonly queues = new Map<string, DebugProtocol.Event[]>();
  private readonly waiters = new Map<string, ((event: DebugProtocol.Event) => void)[]>();
  readonly outputs: DebugProtocol.OutputEvent[] = [];

  /** DebugClient spawns `runtime executable`: node and dist/debugAdapter.js, or an installed `loopscope debug-adapter`. */
  constructor(runtime = 'node', executable = ADAPTER, spawnOptions: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.dc = new DebugClient(runtime, executable, 'loopscope', { stdio: ['pipe', 'pipe', 'pipe'], ...spawnOptions });
    this.dc.defaultTimeout = TIMEOUT_MS;
    for (const name of EVENTS) {
      this.dc.on(name, (event: DebugProtocol.Event) => {
        if (name === 'output') this.outputs.push(event as DebugProtocol.OutputEvent);
        const waiting = this.waiters.get(name);
        if (waiting?.length) waiting.shift()!(event);
        else this.queue(name).push(event);
      });
    }
  }

  get process(): import('node:child_process').ChildProcess {
    return (this.dc as unknown as { _adapterProcess: import('node:child_process').ChildProcess })._adapterProcess;
  }

  /** The `--server` adapter's token, added to every launch (see `startAdapterServer`). */
  token: string | undefined;

  async start(port?: number): Promise<void> {
    await this.dc.start(port);
    await this.dc.initializeRequest({
      adapterID: 'loopscope',
      pathFormat: 'path',
      linesStartAt1: true,
      columnsStartAt1: true,
      supportsProgressReporting: true,
    });
  }

  /** The next event of this kind (already received or still to come). */
  next<T extends DebugProtocol.Event = DebugProtocol.Event>(name: EventName, timeoutMs = TIMEOUT_MS): Promise<T> {
    const queued = this.queue(name).shift();
    if (queued) return Promise.resolve(queued as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(name) ?? [];
        list.splice(list.indexOf(waiter), 1);
        reject(new Error(`no '${name}' event within ${timeoutMs} ms; output so far:\n${this.outputText()}`));
      }, timeoutMs);
      const waiter = (event: DebugProtocol.Event): void => {
        clearTimeout(timer);
        resolve(event as T);
      };
      const list = this.waiters.get(name) ?? [];
      list.push(waiter);
      this.waiters.set(name, list);
    });
  }

  nextStop(timeoutMs?: number): Promise<DebugProtocol.StoppedEvent> {
    return this.next<DebugProtocol.StoppedEvent>('stopped', timeoutMs);
  }

  /** Launch with breakpoints (and optional function breakpoints / exception filters) and configurationDone. */
  async launch(
    launchArgs: LoopscopeLaunchArguments,
    options: { breakpoints?: Record<string, DebugProtocol.SourceBreakpoint[]>; functions?: string[]; filters?: string[] } = {},
  ): Promise<DebugProtocol.SetBreakpointsResponse[]> {
    const withToken = this.token === undefined ? launchArgs : { ...launchArgs, token: this.token };
    const launched = this.dc.launchRequest(withToken as unknown as DebugProtocol.LaunchRequestArguments);
    await this.next('initialized');
    const responses: DebugProtocol.SetBreakpointsResponse[] = [];
    for (const [file, breakpoints] of Object.entries(options.breakpoints ?? {})) {
      responses.push(await this.dc.setBreakpointsRequest({ source: { path: file }, breakpoints }));
    }
    if (options.functions) await this.dc.setFunctionBreakpointsRequest({ breakpoints: options.functions.map((name) => ({ name })) });
    if (options.filters) await this.dc.setExceptionBreakpointsRequest({ filters: options.filters });
    await this.dc.configurationDoneRequest();
    await launched;
    return responses;
  }

  async top(threadId: number): Promise<DebugProtocol.StackFrame> {
    const trace = await this.dc.stackTraceRequest({ threadId });
    const frame = trace.body.stackFrames[0];
    assert.ok(frame, `thread ${threadId} has no frames`);
    return frame;
  }

  /** Where a stop is: `function:line` of its top frame. */
  async where(stop: DebugProtocol.StoppedEvent): Promise<string> {
    const frame = await this.top(stop.body.threadId!);
    return `${frame.name}:${frame.line}`;
  }

  async evaluate(expression: string, frameId?: number, context: 'repl' | 'watch' | 'hover' = 'repl'): Promise<string> {
    const response = await this.dc.evaluateRequest({ expression, ...(frameId !== undefined ? { frameId } : {}), context });
    return response.body.result;
  }

  async threadName(threadId: number): Promise<string> {
    const threads = await this.dc.threadsRequest();
    return threads.body.threads.find((thread) => thread.id === threadId)?.name ?? `<no thread ${threadId}>`;
  }

  outputText(category?: string): string {
    return this.outputs
      .filter((event) => category === undefined || event.body.category === category)
      .map((event) => event.body.output)
      .join('');
  }

  async close(): Promise<void> {
    await this.dc.stop();
  }

  private queue(name: string): DebugProtocol.Event[] {
    let list = this.queues.get(name);
    if (!list) this.queues.set(name, (list = []));
    return list;
  }
}

/** Runs `body` with a started client and always closes it. */
export async function withAdapter(body: (client: AdapterClient) => Promise<void>): Promise<void> {
  const client = new AdapterClient();
  await client.start();
  try {
    await body(client);
  } finally {
    await client.close();
  }
}

export interface AdapterServer {
  readonly process: ChildProcess;
  readonly port: number;
  /** What the server printed (absent when the environment set it). */
  readonly token: string | undefined;
}

/**
 * Starts `dist/debugAdapter.js --server=0` (or `command`, e.g. an installed `loopscope debug-adapter --port 0`) and
 * reads the port and token from its first stdout line.
 */
export async function startAdapterServer(
  env: NodeJS.ProcessEnv = process.env,
  command: { executable: string; args: string[] } = { executable: process.execPath, args: [ADAPTER, '--server=0'] },
): Promise<AdapterServer> {
  const child = spawn(command.executable, command.args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let printed = '';
  while (!printed.includes('\n')) {
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    printed += chunk.toString();
  }
  const { port, token } = JSON.parse(printed.slice(0, printed.indexOf('\n'))) as { port: number; token?: string };
  return { process: child, port, token };
}
