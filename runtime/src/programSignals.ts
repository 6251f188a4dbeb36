// Signals for the program, as the OS would deliver them to python3: the runtime worker records what the program's
// Python does with each signal (default, ignore, a handler), and whoever receives a signal for it (the session,
// from the OS; the worker, for os.kill of its own pid) learns whether it reaches a handler, is ignored, or ends
// the run as if the process was killed by it. Shared memory, so it works while Python runs or waits.
import { SIGNALS } from './eventRecords';

/** Signal numbers as Python on Linux (and the runtime's CPython) numbers them. */
export const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPWR: 30,
  SIGSYS: 31,
};

/** Python's handler for the signal is SIG_DFL, SIG_IGN, or a function of the program (or the runtime's asyncio). */
export const DISPOSITION = { default: 0, ignore: 1, handler: 2 } as const;
export type Disposition = (typeof DISPOSITION)[keyof typeof DISPOSITION];

/** What a signal does to the program: its handler runs, nothing happens, or the process ends (killed by it). */
export type SignalOutcome = 'handled' | 'ignored' | 'killed';

const COUNT = 65;
/** Slot 0 (no signal has number 0): non-zero while signals wait for the worker to hand them over (recording). */
const DEFERRED = 0;
const PENDING = COUNT;
const ANY_PENDING = 2 * COUNT;
export const PROGRAM_SIGNALS_BYTES = 4 * (2 * COUNT + 1);

/** Linux's default action for a signal nobody handles: these do nothing (or stop, which the runtime cannot). */
const IGNORED_BY_DEFAULT: ReadonlySet<number> = new Set([17, 18, 19, 20, 21, 22, 23, 28]);

/** The number for a signal name ('SIGTERM') or number; undefined when it is not a signal. */
export function signalNumber(signal: string | number): number | undefined {
  if (typeof signal === 'number') return Number.isInteger(signal) && signal > 0 && signal < COUNT ? signal : undefined;
  return SIGNAL_NUMBERS[signal];
}

export function signalName(signal: number): string | undefined {
  return Object.keys(SIGNAL_NUMBERS).find((name) => SIGNAL_NUMBERS[name] === signal);
}

export class ProgramSignals {
  private readonly slots: Int32Array;

  /** `interrupt`: Pyodide's interrupt buffer (a signal number there reaches Python's handler at the next bytecode). */
  constructor(
    buffer: SharedArrayBuffer,
    private readonly interrupt: Int32Array,
  ) {
    this.slots = new Int32Array(buffer);
  }

  setDisposition(signal: number, disposition: Disposition): void {
    if (signal > 0 && signal < COUNT) Atomics.store(this.slots, signal, disposition);
  }

  disposition(signal: number): Disposition {
    return Atomics.load(this.slots, signal) as Disposition;
  }

  /**
   * `signal` arrives for the program. A handler: it is handed to Python now, or as soon as the interrupt slot is
   * free (standard signals coalesce while pending, as in the kernel). Otherwise the default action or nothing.
   */
  deliver(signal: number): SignalOutcome {
    if (signal === SIGNAL_NUMBERS.SIGKILL || signal === SIGNAL_NUMBERS.SIGSTOP)
      return signal === SIGNAL_NUMBERS.SIGKILL ? 'killed' : 'ignored';
    const disposition = this.disposition(signal);
    if (disposition === DISPOSITION.ignore) return 'ignored';
    if (disposition === DISPOSITION.default) return IGNORED_BY_DEFAULT.has(signal) ? 'ignored' : 'killed';
    const deferred = Atomics.load(this.slots, DEFERRED) !== 0;
    const current = deferred ? -1 : Atomics.compareExchange(this.interrupt, 0, 0, signal);
    if (current !== 0 && current !== signal && Atomics.exchange(this.slots, PENDING + signal, 1) === 0) {
      Atomics.add(this.slots, ANY_PENDING, 1);
    }
    return 'handled';
  }

  /**
   * Signals from outside (deliver) wait until the worker hands them to Python (arm), instead of reaching Python
   * at whatever bytecode runs: a recorded run records where each one arrived, so that its replay repeats it.
   */
  deferDelivery(): void {
    Atomics.store(this.slots, DEFERRED, 1);
  }

  /** Worker: moves a pending signal into the interrupt slot if it is free; returns its number (0: none moved). */
  arm(): number {
    if (Atomics.load(this.slots, ANY_PENDING) === 0 || Atomics.load(this.interrupt, 0) !== 0) return 0;
    for (let signal = 1; signal < COUNT; signal++) {
      if (Atomics.exchange(this.slots, PENDING + signal, 0) === 0) continue;
      Atomics.sub(this.slots, ANY_PENDING, 1);
      if (Atomics.compareExchange(this.interrupt, 0, 0, signal) !== 0) {
        Atomics.store(this.slots, PENDING + signal, 1);
        Atomics.add(this.slots, ANY_PENDING, 1);
        return 0;
      }
      return signal;
    }
    return 0;
  }

  /**
   * A signal of the program waits for Python to run its handler (not a halt or pause of the runtime's own). The
   * worker hands a pending one over first (arm(), through its recording when there is one).
   */
  waiting(): boolean {
    const value = Atomics.load(this.interrupt, 0);
    return (value !== 0 && value !== SIGNALS.halt && value !== SIGNALS.pause) || Atomics.load(this.slots, ANY_PENDING) > 0;
  }

  /** The signal is in the interrupt slot (or, deferred, pending), not taken by Python yet. */
  undelivered(signal: number): boolean {
    return Atomics.load(this.interrupt, 0) === signal || Atomics.load(this.slots, PENDING + signal) !== 0;
  }
}
