// The scheduling core of every Python event loop in the runtime: CPython's BaseEventLoop._run_once policy
// over a ready queue and a timer heap, fed by the journal Python writes and answered with the ids to run.
//
// One runOnce call is one iteration of _run_once, and under the virtual clock it may also lend Python the
// iterations that follow, when each of them would only run the timers of the next deadline ("deadline
// batches"). Python runs a lent batch only if nothing it did since the crossing could change that batch:
// no call_soon, no timer due at or before its deadline, no cancellation, no flush, no blocking sleep, no
// stop. Otherwise it hands the rest back and the next runOnce puts it where it was (see handBack), so the
// order of callbacks and the clock each callback reads are exactly those of one iteration per crossing.
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
/**
 * Most deadline batches lent in one runOnce, after the iteration's own batch. Python's batch table holds
 * 1 + 2 × this many slots. It also bounds how long a pause request or a session command waits.
 */
export const MAX_EXTRA_BATCHES = 512;
/** After this many iterations without lending (Python kept handing batches back), offer one batch again. */
const LENDING_PROBE_INTERVAL = 64;

/** The Python arrays a loop shares with the worker (addresses in the WebAssembly heap, sizes in float64 slots). */
interface LoopBuffers {
  journalAddress: number;
  journalSlots: number;
  outAddress: number;
  outSlots: number;
  /** [extra batch count, (size, deadline) × count]; 0 when the loop never takes lent batches. */
  batchAddress: number;
}

interface LoopState extends LoopBuffers {
  ready: ReadyQueue;
  timers: TimerHeap;
  /** Views over the Python arrays, re-made when the WebAssembly memory grows (its buffer is replaced). */
  heap: ArrayBuffer | undefined;
  journal: Float64Array;
  out: Float64Array;
  batches: Float64Array | undefined;
  /** Deadline of each lent timer entry in `out` (for handing back), by out index; made on the first lending, as
   * most loops never lend (real clock, or a loop made and closed per test) and a loop is cheap to make. */
  lentWhen: Float64Array;
  /** Entries of `out` handed to Python by the last runOnce: the iteration's batch is [0, lentFirst). */
  lentFirst: number;
  lentTotal: number;
  lentExtra: number;
  /** How many extra batches to lend next time (adapts to how many Python took; deterministic). */
  offer: number;
  idle: number;
  /** While I/O is in flight: performance.now() and accountedWallMs() when loop time last followed the wall. */
  wallMark: number;
  accountedMark: number;
  /** Signals the loop has handlers for: it may wait for one when nothing else can happen. */
  signalHandlers: number;
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
  /** The program's sockets and name queries, as each loop watches them. */
  io: LoopIo;
  /** Wall-clock ms already turned into loop time or not to be counted (pauses, blocking calls). */
  accountedWallMs(): number;
  /** Tells Python how many I/O events its buffer holds (clock slot 3). */
  publishIoEvents(count: number): void;
  /** Non-zero when the session asked to stop. */
  haltRequested(): boolean;
  /** Called at the top of each iteration and after time moved: may block the worker for a pause. */
  checkpoint(now: number): void;
  /**
   * Deadlines at or after this loop time must not be lent (a pause is due there, or the session is waiting
   * for an answer: the next crossing must come soon). -Infinity: lend nothing now.
   */
  lendingLimit(): number;
  /** 'never': one iteration per crossing; 'always': lend the most every time (tests); 'adaptive': see handBack. */
  lending: 'adaptive' | 'always' | 'never';
  /** Real clock: block up to `seconds` or until woken; returns early when woken. */
  waitReal(seconds: number): void;
  /** Called after records were ingested (flush cadence). */
  afterIngest(): void;
  /** A signal waits for the program's handler (Python runs it once it gets back to bytecode): do not wait. */
  signalWaiting?(): boolean;
  /**
   * The worker is about to wait for I/O: hands the session the events that are due (what the tasks now wait on,
   * for views that follow the run); returns the most seconds the wait may last before more are due.
   */
  beforeWait(): number;
  /**
   * Runs `measure` (wall-clock ms since the loop last followed the wall, to become loop time) and returns what it
   * measured; a recorded run records it and a replay returns the recorded figure instead (recording/tape.ts).
   */
  followWall?(measure: () => number): number;
}

/** What the scheduling core asks of the I/O (see worker/io/hostIo.ts). */
interface LoopIo {
  inFlight(loopId: number): boolean;
  /**
   * Writes the loop's ready [fd, mask] pairs into its I/O buffer; returns how many. `busy`: callbacks are
   * ready to run anyway, so sockets that cost a system call to look at may wait for the next look.
   */
  poll(loopId: number, busy: boolean): number;
  /** Blocks up to `seconds` of wall time, or until an I/O event or the session wakes the worker. */
  waitForEvents(seconds: number): void;
}

/** Longest single wait for I/O before the halt, pause and command flags are looked at again. */
const IO_WAIT_SLICE_SECONDS = 0.25;

export class EventLoopCore {
  private readonly loops = new Map<number, LoopState>();
  private nextLoopId = 1;
  private readonly virtual: boolean;
  private readonly lending: boolean;
  private readonly eager: boolean;

  constructor(private readonly env: LoopEnvironment) {
    this.virtual = env.clock instanceof VirtualClock;
    this.lending = this.virtual && env.lending !== 'never';
    this.eager = env.lending === 'always';
  }

  createLoop(buffers: LoopBuffers): number {
    const id = this.nextLoopId++;
    const empty = new Float64Array(0);
    this.loops.set(id, {
      ...buffers,
      ready: new ReadyQueue(),
      timers: new TimerHeap(),
      heap: undefined,
      journal: empty,
      out: empty,
      batches: undefined,
      lentWhen: empty,
      lentFirst: 0,
      lentTotal: 0,
      lentExtra: 0,
      offer: this.eager ? MAX_EXTRA_BATCHES : 1,
      idle: 0,
      wallMark: -1,
      accountedMark: 0,
      signalHandlers: 0,
    });
    return id;
  }

  setOutBuffer(loopId: number, address: number, slots: number): void {
    const loop = this.loop(loopId);
    loop.outAddress = address;
    loop.outSlots = slots;
    loop.heap = undefined;
  }

  closeLoop(loopId: number): void {
    this.loops.delete(loopId);
  }

  /** How many signals the loop has handlers for (loop.add_signal_handler): with some, waiting is not a deadlock. */
  setSignalHandlers(loopId: number, count: number): void {
    const loop = this.loops.get(loopId);
    if (loop) loop.signalHandlers = count;
  }

  /** Applies `count` journal slots: scheduling records to the queues, instrumentation records to the outbox. */
  ingest(loopId: number, count: number, strings: readonly string[] | null): void {
    this.ingestInto(this.loop(loopId), count, strings);
  }

  private ingestInto(loop: LoopState, count: number, strings: readonly string[] | null): void {
    if (count === 0 && !strings) return;
    const outbox = this.env.outbox;
    if (strings) outbox.addStrings(strings);
    const journal = this.views(loop).journal;
    const ready = loop.ready;
    const timers = loop.timers;
    let time = NaN;
    let at = 0;
    while (at < count) {
      const op = journal[at]!;
      switch (op) {
        case JOURNAL.ready:
          ready.push(journal[at + 1]!);
          at += 2;
          break;
        case JOURNAL.timer:
          timers.push(journal[at + 1]!, journal[at + 2]!);
          at += 3;
          break;
        case JOURNAL.cancel:
          timers.cancel(journal[at + 1]!);
          at += 2;
          break;
        default: {
          // Instrumentation: the outbox record is the journal record with the event time after its op.
          const length = RECORD_LENGTH[op];
          if (length === undefined) throw new Error(`loopscope runtime: corrupt journal record ${op} at ${at}`);
          if (time !== time) time = this.env.eventTime(this.env.clock.now());
          outbox.copyRecord(journal, at, length, time);
          at += length;
        }
      }
    }
    this.env.afterIngest();
  }

  /**
   * One iteration of BaseEventLoop._run_once, minus running the callbacks: purge cancelled timers, pick the
   * timeout, let time pass (virtual: jump to the next timer; real: wait), move due timers to the ready queue,
   * and hand Python the ids of everything ready now. Returns how many, or a RUN_ONCE code. Under the virtual
   * clock it may lend further deadline batches (listed in Python's batch table).
   *
   * `consumed`: -1 when Python ran (or skipped) everything it was handed last time, else how many entries of
   * the out buffer it consumed; the rest is handed back first (see handBack).
   */
  runOnce(loopId: number, count: number, stopping: boolean, strings: readonly string[] | null, consumed = -1, afterIo = false): number {
    const env = this.env;
    const loop = this.loop(loopId);
    if (loop.lentTotal > 0) this.handBack(loop, consumed);
    this.ingestInto(loop, count, strings);
    if (env.haltRequested()) return RUN_ONCE.interrupted;
    const clock = env.clock;
    clock.refresh();
    env.checkpoint(clock.now());
    if (env.haltRequested()) return RUN_ONCE.interrupted;

    const timers = loop.timers;
    if (timers.size > MIN_SCHEDULED_TIMER_HANDLES && timers.cancelledCount / timers.size > MIN_CANCELLED_TIMER_HANDLES_FRACTION) {
      timers.compact();
    } else {
      timers.popCancelledHeads();
    }

    // As _run_once selects with timeout 0 when something is ready: sockets ready now join this iteration
    // (Python queues their callbacks and calls again with afterIo).
    const inFlight = env.io.inFlight(loopId);
    if (inFlight) {
      this.followWall(loop);
      if (!afterIo) {
        const events = env.io.poll(loopId, loop.ready.length > 0);
        if (events > 0) return this.ioReady(events);
      }
    } else {
      loop.wallMark = -1;
    }

    if (loop.ready.length === 0 && !stopping && !env.signalWaiting?.()) {
      const next = timers.peek();
      if (inFlight) {
        const status = this.waitForIo(loop, loopId, next ? next.when : Infinity);
        if (status !== 0) return status;
      } else if (!next && loop.signalHandlers > 0) {
        // Nothing to do but wait for a signal the loop handles (loop.add_signal_handler): not a deadlock.
        const status = this.waitForIo(loop, loopId, Infinity);
        if (status !== 0) return status;
      } else {
        if (!next) return RUN_ONCE.deadlock;
        const now = clock.now();
        if (next.when > now) {
          if (env.maxTime !== null && next.when > env.maxTime) {
            if (this.virtual) (clock as VirtualClock).advanceTo(env.maxTime);
            env.publishClock(clock.now());
            return RUN_ONCE.maxTime;
          }
          if (this.virtual) {
            (clock as VirtualClock).advanceTo(next.when);
          } else {
            env.waitReal(next.when - now);
            if (env.haltRequested()) return RUN_ONCE.interrupted;
            clock.refresh();
            env.publishClock(clock.now());
          }
          env.checkpoint(clock.now());
          if (env.haltRequested()) return RUN_ONCE.interrupted;
        }
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
    const views = this.views(loop);
    loop.ready.drainInto(views.out);
    loop.lentFirst = ready;
    loop.lentTotal = ready;
    loop.lentExtra = 0;
    if (views.batches) {
      if (this.lending && !stopping && loop.offer > 0 && !inFlight) this.lend(loop, views.out, views.batches);
      views.batches[0] = loop.lentExtra;
    }
    return ready;
  }

  /**
   * Nothing is ready and the loop watches sockets or waits for a name: wait for I/O until the next timer is
   * due. Under the virtual clock, loop time follows the wall clock meanwhile (a network read under
   * asyncio.timeout(5) gets five real seconds). Returns 0 when timers are due, or a RUN_ONCE code.
   */
  private waitForIo(loop: LoopState, loopId: number, deadline: number): number {
    const env = this.env;
    const clock = env.clock;
    const maxTime = this.virtual ? env.maxTime : null;
    const limit = maxTime !== null ? Math.min(deadline, maxTime) : deadline;
    for (;;) {
      const events = env.io.poll(loopId, false);
      if (events > 0) return this.ioReady(events);
      const now = clock.now();
      if (now >= limit) {
        if (maxTime !== null && deadline > maxTime) {
          env.publishClock(now);
          return RUN_ONCE.maxTime;
        }
        return 0;
      }
      env.io.waitForEvents(Math.min(limit - now, IO_WAIT_SLICE_SECONDS, env.beforeWait()));
      if (this.virtual) this.followWall(loop);
      else {
        clock.refresh();
        env.publishClock(clock.now());
      }
      if (env.haltRequested()) return RUN_ONCE.interrupted;
      if (env.signalWaiting?.()) return 0;
      env.checkpoint(clock.now());
      if (env.haltRequested()) return RUN_ONCE.interrupted;
    }
  }

  /** Virtual clock with I/O in flight: the wall time since the last mark (minus pauses) becomes loop time. */
  private followWall(loop: LoopState): void {
    const measure = (): number => {
      const wall = performance.now();
      const accounted = this.env.accountedWallMs();
      const elapsed = loop.wallMark >= 0 ? wall - loop.wallMark - (accounted - loop.accountedMark) : 0;
      loop.wallMark = wall;
      loop.accountedMark = accounted;
      return elapsed;
    };
    const elapsed = this.env.followWall ? this.env.followWall(measure) : measure();
    if (this.virtual && elapsed > 0) {
      (this.env.clock as VirtualClock).advanceBy(elapsed / 1000);
      this.env.publishClock(this.env.clock.now());
    }
  }

  private ioReady(events: number): number {
    this.env.publishIoEvents(events);
    return RUN_ONCE.io;
  }

  /**
   * Lends Python the deadline batches that follow this iteration: each is every timer due at the next
   * deadline (when < deadline + resolution, as _run_once pops them), in heap order.
   */
  private lend(loop: LoopState, out: Float64Array, batches: Float64Array): void {
    const timers = loop.timers;
    if (loop.lentWhen.length < loop.outSlots) loop.lentWhen = new Float64Array(loop.outSlots);
    const lentWhen = loop.lentWhen;
    const limit = Math.min(loop.offer, MAX_EXTRA_BATCHES, (batches.length - 1) >> 1);
    const maxTime = this.env.maxTime ?? Infinity;
    const before = this.env.lendingLimit();
    let total = loop.lentTotal;
    let extra = 0;
    while (extra < limit) {
      timers.popCancelledHeads();
      const head = timers.peek();
      if (!head) break;
      const deadline = head.when;
      if (deadline > maxTime || deadline >= before) break;
      const end = deadline + CLOCK_RESOLUTION;
      const start = total;
      let fits = true;
      for (let next = timers.peek(); next && next.when < end; next = timers.peek()) {
        if (total >= loop.outSlots) {
          fits = false;
          break;
        }
        timers.pop();
        if (!next.cancelled) {
          out[total] = -next.id;
          lentWhen[total] = next.when;
          total++;
        }
      }
      if (!fits) {
        for (let index = start; index < total; index++) timers.push(-out[index]!, lentWhen[index]!);
        total = start;
        break;
      }
      batches[1 + 2 * extra] = total - start;
      batches[2 + 2 * extra] = deadline;
      extra++;
    }
    loop.lentTotal = total;
    loop.lentExtra = extra;
  }

  /**
   * Puts back what Python did not run of the last runOnce's entries, where _run_once would have them: the rest
   * of the batch it was in stays ready (at the front, before anything scheduled since), later batches' timers
   * go back to the heap. Entries Python already ran and hands back anyway are skipped by Python (their ids are
   * gone), so handing back too much is harmless. Also adapts how many batches to lend next time.
   */
  private handBack(loop: LoopState, consumed: number): void {
    const total = loop.lentTotal;
    const extra = loop.lentExtra;
    loop.lentTotal = 0;
    if (consumed < 0 || consumed >= total) {
      if (this.eager) return;
      if (extra > 0 && extra >= loop.offer) loop.offer = Math.min(loop.offer * 2, MAX_EXTRA_BATCHES);
      else if (loop.offer === 0 && ++loop.idle >= LENDING_PROBE_INTERVAL) this.probe(loop);
      return;
    }
    const { out, batches } = this.views(loop);
    // [start, end): the batch holding entry `consumed` (batch 0 is the iteration's own, 1.. the lent ones).
    let start = 0;
    let end = loop.lentFirst;
    let batch = 0;
    while (end <= consumed && batch < extra) {
      start = end;
      end += batches![1 + 2 * batch]!;
      batch++;
    }
    let heapFrom = end;
    // A batch Python had started (its clock was set): the rest of it is ready now, ahead of newer handles.
    // A lent batch it had not started goes back to the heap with the ones after it.
    if (batch === 0 || consumed > start) loop.ready.prepend(out, consumed, end);
    else heapFrom = start;
    for (let index = heapFrom; index < total; index++) loop.timers.push(-out[index]!, loop.lentWhen[index]!);
    if (this.eager) return;
    if (extra > 0) loop.offer = Math.max(0, batch - 1);
    if (loop.offer === 0) loop.idle = 0;
  }

  private probe(loop: LoopState): void {
    loop.offer = 1;
    loop.idle = 0;
  }

  /** Pending timers and ready handles of a loop (for inspection). */
  describe(loopId: number): { ready: number; timers: number } {
    const loop = this.loop(loopId);
    return { ready: loop.ready.length, timers: loop.timers.size - loop.timers.cancelledCount };
  }

  private views(loop: LoopState): LoopState {
    const heap = this.env.heap();
    if (loop.heap !== heap) {
      loop.heap = heap;
      loop.journal = new Float64Array(heap, loop.journalAddress, loop.journalSlots);
      loop.out = new Float64Array(heap, loop.outAddress, loop.outSlots);
      loop.batches = loop.batchAddress ? new Float64Array(heap, loop.batchAddress, 1 + 2 * MAX_EXTRA_BATCHES) : undefined;
    }
    return loop;
  }

  private loop(loopId: number): LoopState {
    const loop = this.loops.get(loopId);
    if (!loop) throw new Error(`loopscope runtime: unknown event loop ${loopId}`);
    return loop;
  }
}

/** Journal length of each instrumentation record, in slots (see JOURNAL in eventRecords.ts). */
const RECORD_LENGTH: Record<number, number> = {
  [JOURNAL.taskCreated]: 7,
  [JOURNAL.stepStarted]: 2,
  [JOURNAL.stepEnded]: 7,
  [JOURNAL.taskFinished]: 4,
};
