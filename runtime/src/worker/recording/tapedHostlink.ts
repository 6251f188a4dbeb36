// What Python and the event loop call instead of hostlink.io / hostlink.processes when a run is recorded or
// replayed: every method of the two, each through the tape (tape.ts). The tables below say, per method, what a
// replay compares and which bytes go in or out; the compiler makes them list every method Python can call, so a
// new one cannot bypass the recording.
import type { HostIo } from '../io/hostIo';
import type { HostProcesses } from '../io/hostProcesses';
import type { CallResult, CallTaping, Tape } from './tape';

/** Methods of HostIo that the runtime's own TypeScript uses (not Python, not the loop): never taped. */
type IoInternals = 'closeAll' | 'openHandle' | 'handleOf' | 'sendCommand' | 'blockUntil' | 'drain' | 'processEvents';

type MethodsOf<T, Left = never> = {
  [K in Exclude<keyof T, Left>]: T[K] extends (...args: never[]) => CallResult ? K : never;
}[Exclude<keyof T, Left>];

export type TapedIoMethod = MethodsOf<HostIo, IoInternals>;
export type TapedProcessMethod = MethodsOf<HostProcesses>;

type Tapings<T, K extends keyof T> = {
  [M in K]: T[M] extends (...args: infer A) => infer R ? (R extends CallResult ? CallTaping<A, R> : never) : never;
};

/** Every taped channel, in the order a recording numbers them (new ones go at the end). */
const IO_METHODS = [
  'socket',
  'socketPair',
  'pairPeer',
  'bind',
  'listen',
  'connect',
  'accept',
  'recvInto',
  'recvFromAddress',
  'send',
  'sendTo',
  'shutdown',
  'close',
  'abort',
  'setOptions',
  'startTls',
  'info',
  'takeError',
  'readiness',
  'wait',
  'removeStaleSocket',
  'resolve',
  'resolveService',
  'waitQuery',
  'answer',
  'dropQuery',
  'register',
  'setEventBuffer',
  'inFlight',
  'poll',
  'waitForEvents',
] as const satisfies readonly TapedIoMethod[];

const PROCESS_METHODS = [
  'spawn',
  'waitStarted',
  'waitExited',
  'waitPipes',
  'state',
  'startReading',
  'kill',
  'programStdin',
  'streamIsPipe',
  'ownPid',
  'parentPid',
  'release',
] as const satisfies readonly TapedProcessMethod[];

// Both lists name every method (a method left out is a compile error here).
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>;
const everyIoMethod: Missing<TapedIoMethod, (typeof IO_METHODS)[number]> = true;
const everyProcessMethod: Missing<TapedProcessMethod, (typeof PROCESS_METHODS)[number]> = true;
void everyIoMethod;
void everyProcessMethod;

/** Other things the runtime reads from outside the program, taped by the runtime itself. */
const OTHER_CHANNELS = [
  /** Wall-clock ms the virtual clock follows while I/O is in flight. */
  'clock.follow',
  /** time.perf_counter() read by the runtime to measure a blocking call. */
  'clock.monotonic',
  /** Under the real clock: the loop's clock (performance.now(); also time.monotonic(), perf_counter(), time.time()). */
  'clock.real',
  /** Random bytes (os.urandom, the random module's seed, OpenSSL). */
  'random',
  /** A read of this process's stdin. */
  'stdin',
  /** What happened between calls (see Effect). */
  'run.effects',
  /** The end of the run (exit status). */
  'run.end',
] as const;

export const CHANNELS: readonly string[] = [
  ...IO_METHODS.map((name) => `io.${name}`),
  ...PROCESS_METHODS.map((name) => `processes.${name}`),
  ...OTHER_CHANNELS,
];

/** Channels through which nothing outside the runtime is reached (see ReplayTape's `inside`). */
const INSIDE_CHANNELS: readonly string[] = [
  'random',
  'clock.real',
  'io.inFlight',
  'io.poll',
  'io.waitForEvents',
  'io.setEventBuffer',
  'io.register',
  'processes.ownPid',
  'processes.parentPid',
  'processes.streamIsPipe',
  'run.effects',
];

export function insideChannels(): ReadonlySet<number> {
  return new Set(INSIDE_CHANNELS.map((name) => CHANNELS.indexOf(name)));
}

type OtherChannel = (typeof OTHER_CHANNELS)[number];

export function otherChannel(name: OtherChannel): number {
  return CHANNELS.indexOf(name);
}

/** hostlink.io for a recorded or replayed run: same methods, through the tape. */
export function tapedIo(io: HostIo, tape: Tape, heap: () => ArrayBuffer): Pick<HostIo, TapedIoMethod> {
  const eventBuffers = new Map<number, number>();
  const view = (address: number, length: number): Uint8Array => new Uint8Array(heap(), address, length);
  const tapings: Tapings<HostIo, TapedIoMethod> = {
    socket: {},
    socketPair: {},
    pairPeer: {},
    bind: {},
    listen: {},
    connect: {},
    accept: {},
    recvInto: {
      compared: ([h, , size, peek]) => [h, size, peek],
      output: ([, address], count) => (count > 0 ? view(address, count) : null),
    },
    recvFromAddress: {},
    send: {
      compared: ([h, , size]) => [h, size],
      sent: ([, address, size], count) => (count > 0 ? view(address, Math.min(count, size)) : null),
    },
    sendTo: {
      compared: ([h, , size, to, family]) => [h, size, to, family],
      sent: ([, address, size], count) => (count > 0 ? view(address, Math.min(count, size)) : null),
    },
    shutdown: {},
    close: {},
    abort: {},
    setOptions: {},
    startTls: {},
    info: { query: true },
    takeError: {},
    readiness: {},
    wait: { compared: ([h, mask]) => [h, mask] },
    removeStaleSocket: {},
    resolve: {},
    resolveService: {},
    waitQuery: {},
    answer: {},
    dropQuery: {},
    register: {},
    setEventBuffer: { compared: ([loopId, , slots]) => [loopId, slots] },
    inFlight: { sparse: true },
    poll: {
      compared: ([loopId]) => [loopId],
      output: ([loopId], count) => (count > 0 ? view(eventBuffers.get(loopId) ?? 0, count * 16) : null),
    },
    waitForEvents: { compared: () => [] },
  };
  const taped = wrap(io, tape, tapings, IO_METHODS, 0);
  const setEventBuffer = taped.setEventBuffer;
  taped.setEventBuffer = (loopId, address, slots) => {
    eventBuffers.set(loopId, address);
    setEventBuffer(loopId, address, slots);
  };
  return taped;
}

/** hostlink.processes for a recorded or replayed run. */
export function tapedProcesses(processes: HostProcesses, tape: Tape): Pick<HostProcesses, TapedProcessMethod> {
  const tapings: Tapings<HostProcesses, TapedProcessMethod> = {
    spawn: {},
    waitStarted: { compared: ([h]) => [h] },
    waitExited: { compared: ([h]) => [h] },
    waitPipes: { compared: ([stdin, stdout, stderr]) => [stdin, stdout, stderr] },
    state: {},
    startReading: {},
    kill: {},
    programStdin: {},
    streamIsPipe: {},
    ownPid: {},
    parentPid: {},
    release: {},
  };
  return wrap(processes, tape, tapings, PROCESS_METHODS, IO_METHODS.length);
}

function wrap<T, K extends keyof T & string>(
  target: T,
  tape: Tape,
  tapings: Tapings<T, K>,
  names: readonly K[],
  firstChannel: number,
): Pick<T, K> {
  const wrapped = {} as Record<K, unknown>;
  names.forEach((name, index) => {
    const method = target[name] as (...args: unknown[]) => CallResult;
    const taping = tapings[name] as CallTaping<unknown[], CallResult>;
    const channel = firstChannel + index;
    wrapped[name] = (...args: unknown[]): CallResult => tape.call(channel, taping, args, () => method.apply(target, args));
  });
  return wrapped as Pick<T, K>;
}
