// The scheduling core of every Python event loop in the runtime: CPython's BaseEventLoop._run_once policy
// over a ready queue and a timer heap, fed by the journal Python writes and answered with the ids to run.
import { JOURNAL, RUN_ONCE } from '../eventRecords';
import type { EventOutbox } from './eventOutbox';
import { ReadyQueue } from './readyQueue';
import { TimerHeap } from './timerHeap';
import type { LoopClock } from './virtualClock';
import { VirtualClock } from './virtualClock';

/** CPython's base_events constants for purging cancelled timers. */
const MIN_SCHEDULED_TIMER_HANDLES = 100;
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;
/** time.get_clock_info('monotonic').resolution on Linux. */
const CLOCK_RESOLUTION = 1e-9;

interface LoopState {
  ready: ReadyQueue;
  timers: TimerHeap;
  journalAddress: number;
  journalSlots: number;
  outAddress: number;
  outSlots: number;
}

/** What the core needs from its worker: memory access, time for events, and the run's limits and stops. */
export interface LoopEnvironment {
  clock: LoopClock;
  outbox: EventOutbox;
  /** The WebAssembly heap (re-read each time: it is replaced when memory grows). */
  heap(): ArrayBuffer;
  /** Event time for `now` (virtual: the same; real: seconds since start). */
  eventTime(now: number): number;
  /** Writes the clock into Python's clock slot; `needed` goes to slot 2 when the out buffer is too small. */
  publishClock(now: number, needed?: number): void;
  maxTime: number | null;
  /** Non-zero when the session asked to stop. */
  haltRequested(): boolean;
  /** Called at the top of each iteration and after time moved: may block the worker for a pause. */
  checkpoint(now: number): void;
  /** Real clock: block up to `seconds` or until woken; returns early when woken. */
  waitReal(seconds: number): void;
  /** Called after records were ingested (flush cadence). */
  afterIngest(): void;
}

export class EventLoopCore {
  private readonly loops = new Map<number, LoopState>();
  private nextLoopId = 1;

  constructor(private readonly env: LoopEnvironment) {}

  createLoop(journalAddress: number, journalSlots: number, outAddress: number, outSlots: number): number {
    const id = this.nextLoopId++;
    this.loops.set(id, { ready: new ReadyQueue(), timers: new TimerHeap(), journalAddress, journalSlots, outAddress, outSlots });
    return id;
  }

  setOutBuffer(loopId: number, address: number, slots: number): void {
    const loop = this.loop(loopId);
    loop.outAddress = address;
    loop.outSlots = slots;
  }

  closeLoop(loopId: number): void {
    this.loops.delete(loopId);
  }

  /** Applies `count` journal slots: scheduling records to the queues, instrumentation records to the outbox. */
  ingest(loopId: number, count: number, strings: readonly string[] | null): void {
    const loop = this.loop(loopId);
    if (count === 0 && !strings) return;
    const outbox = this.env.outbox;
    if (strings) outbox.addStrings(strings);
    const str = (index: number): number => index;
    const journal = new Float64Array(this.env.heap(), loop.journalAddress, count);
    const time = this.env.eventTime(this.env.clock.now());
    let at = 0;
    while (at < count) {
      const op = journal[at]!;
      switch (op) {
        case JOURNAL.ready:
          loop.ready.push(journal[at + 1]!);
          at += 2;
          break;
        case JOURNAL.timer:
          loop.timers.push(journal[at + 1]!, journal[at + 2]!);
          at += 3;
          break;
        case JOURNAL.cancel:
          loop.timers.cancel(journal[at + 1]!);
          at += 2;
          break;
        case JOURNAL.taskCreated:
          outbox.push(op, time, journal[at + 1]!, journal[at + 2]!, str(journal[at + 3]!), str(journal[at + 4]!), str(journal[at + 5]!), journal[at + 6]!);
          at += 7;
          break;
        case JOURNAL.stepStarted:
          outbox.push(op, time, journal[at + 1]!);
          at += 2;
          break;
        case JOURNAL.stepEnded:
          outbox.push(op, time, journal[at + 1]!, journal[at + 2]!, journal[at + 3]!, str(journal[at + 4]!), str(journal[at + 5]!), journal[at + 6]!);
          at += 7;
          break;
        case JOURNAL.taskFinished:
          outbox.push(op, time, journal[at + 1]!, journal[at + 2]!, str(journal[at + 3]!));
          at += 4;
          break;
        default:
          throw new Error(`loopscope runtime: corrupt journal record ${op} at ${at}`);
      }
    }
    this.env.afterIngest();
  }

  /**
   * One iteration of BaseEventLoop._run_once, minus running the callbacks: purge cancelled timers, pick the
   * timeout, let time pass (virtual: jump to the next timer; real: wait), move due timers to the ready queue,
   * and hand Python the ids of everything ready now. Returns how many, or a RUN_ONCE code.
   */
  runOnce(loopId: number, count: number, stopping: boolean, strings: readonly string[] | null): number {
    const env = this.env;
    const loop = this.loop(loopId);
    this.ingest(loopId, count, strings);
    if (env.haltRequested()) return RUN_ONCE.interrupted;
    const clock = env.clock;
    env.checkpoint(clock.now());
    if (env.haltRequested()) return RUN_ONCE.interrupted;

    const timers = loop.timers;
    if (timers.size > MIN_SCHEDULED_TIMER_HANDLES && timers.cancelledCount / timers.size > MIN_CANCELLED_TIMER_HANDLES_FRACTION) {
      timers.compact();
    } else {
      while (timers.size > 0 && timers.peek()!.cancelled) timers.pop();
    }

    if (loop.ready.length === 0 && !stopping) {
      const next = timers.peek();
      if (!next) return RUN_ONCE.deadlock;
      const now = clock.now();
      if (next.when > now) {
        if (env.maxTime !== null && next.when > env.maxTime) {
          if (clock instanceof VirtualClock) clock.advanceTo(env.maxTime);
          env.publishClock(clock.now());
          return RUN_ONCE.maxTime;
        }
        if (clock instanceof VirtualClock) {
          clock.advanceTo(next.when);
        } else {
          env.waitReal(next.when - now);
          if (env.haltRequested()) return RUN_ONCE.interrupted;
        }
        env.publishClock(clock.now());
        env.checkpoint(clock.now());
        if (env.haltRequested()) return RUN_ONCE.interrupted;
      }
    }

    const end = clock.now() + CLOCK_RESOLUTION;
    for (let next = timers.peek(); next && next.when < end; next = timers.peek()) {
      timers.pop();
      if (!next.cancelled) loop.ready.push(-next.id);
    }

    const ready = loop.ready.length;
    if (ready > loop.outSlots) {
      env.publishClock(clock.now(), ready);
      return RUN_ONCE.needCapacity;
    }
    return loop.ready.drainInto(new Float64Array(env.heap(), loop.outAddress, loop.outSlots));
  }

  /** Pending timers and ready handles of a loop (for inspection). */
  describe(loopId: number): { ready: number; timers: number } {
    const loop = this.loop(loopId);
    return { ready: loop.ready.length, timers: loop.timers.size - loop.timers.cancelledCount };
  }

  private loop(loopId: number): LoopState {
    const loop = this.loops.get(loopId);
    if (!loop) throw new Error(`loopscope runtime: unknown event loop ${loopId}`);
    return loop;
  }
}
