// Unit tests of the worker's scheduling data structures: timer heap order, ready queue, executor pools.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JOURNAL } from '../../runtime/src/eventRecords';
import { EventLoopCore, MAX_EXTRA_BATCHES, type LoopEnvironment } from '../../runtime/src/worker/eventLoop';
import { EventOutbox } from '../../runtime/src/worker/eventOutbox';
import { ExecutorPools } from '../../runtime/src/worker/executorPool';
import { ReadyQueue } from '../../runtime/src/worker/readyQueue';
import { TimerHeap } from '../../runtime/src/worker/timerHeap';
import { VirtualClock } from '../../runtime/src/worker/virtualClock';

describe('TimerHeap', () => {
  it('pops by deadline, equal deadlines in insertion order', () => {
    const heap = new TimerHeap();
    const pushes: [number, number][] = [
      [1, 3],
      [2, 1],
      [3, 2],
      [4, 1],
      [5, 3],
      [6, 1],
      [7, 0.5],
    ];
    for (const [id, when] of pushes) heap.push(id, when);
    const order: number[] = [];
    for (let entry = heap.pop(); entry; entry = heap.pop()) order.push(entry.id);
    assert.deepEqual(order, [7, 2, 4, 6, 3, 1, 5]);
  });

  it('keeps FIFO among thousands of equal deadlines', () => {
    const heap = new TimerHeap();
    for (let id = 1; id <= 5000; id++) heap.push(id, id % 2 === 0 ? 1 : 2);
    const order: number[] = [];
    for (let entry = heap.pop(); entry; entry = heap.pop()) order.push(entry.id);
    const evens = order.slice(0, 2500);
    const odds = order.slice(2500);
    assert.deepEqual(
      evens,
      [...evens].sort((a, b) => a - b),
    );
    assert.deepEqual(
      odds,
      [...odds].sort((a, b) => a - b),
    );
    assert.ok(evens.every((id) => id % 2 === 0));
  });

  it('counts cancelled timers and compacts them away', () => {
    const heap = new TimerHeap();
    for (let id = 1; id <= 10; id++) heap.push(id, id);
    heap.cancel(1);
    heap.cancel(5);
    heap.cancel(5);
    heap.cancel(99);
    assert.equal(heap.cancelledCount, 2);
    assert.equal(heap.peek()!.cancelled, true);
    heap.compact();
    assert.equal(heap.cancelledCount, 0);
    assert.equal(heap.size, 8);
    assert.equal(heap.pop()!.id, 2);
  });
});

describe('ReadyQueue', () => {
  it('is FIFO across growth', () => {
    const queue = new ReadyQueue();
    for (let id = 1; id <= 3000; id++) queue.push(id);
    const out = new Float64Array(3000);
    assert.equal(queue.drainInto(out), 3000);
    assert.equal(out[0], 1);
    assert.equal(out[2999], 3000);
    assert.equal(queue.length, 0);
    queue.push(-7);
    assert.deepEqual(queue.toArray(), [-7]);
  });

  it('prepends handed-back ids in order, growing when needed', () => {
    const queue = new ReadyQueue();
    for (let id = 1; id <= 1000; id++) queue.push(id);
    const back = new Float64Array(200).map((_, index) => -index - 1);
    queue.prepend(back, 50, 200);
    assert.equal(queue.length, 1150);
    const all = queue.toArray();
    assert.deepEqual(all.slice(0, 3), [-51, -52, -53]);
    assert.equal(all[149], -200);
    assert.equal(all[150], 1);
    assert.equal(all[1149], 1000);
  });
});

describe('ExecutorPools', () => {
  it('starts jobs while workers are free, then queues them FIFO', () => {
    const pools = new ExecutorPools();
    const started = [1, 2, 3].map((id) => pools.submit(0, 2, { id, functionName: 'f', taskId: null }));
    assert.deepEqual(
      started.map((job) => job?.worker),
      [0, 1, undefined],
    );
    assert.equal(pools.inFlight, 3);
    const { finished, next } = pools.finish(2);
    assert.equal(finished?.id, 2);
    assert.equal(next?.id, 3);
    assert.equal(next?.worker, 1);
    assert.equal(pools.finish(1).next, undefined);
    assert.equal(pools.submit(0, 2, { id: 4, functionName: 'f', taskId: null })?.worker, 0);
  });
});

// -- deadline-batch lending (EventLoopCore.runOnce) over a fake WebAssembly heap ------------------------------

const JOURNAL_SLOTS = 256;
const OUT_SLOTS = 64;

function fakeLoop(lending: 'adaptive' | 'always' | 'never' = 'always', limits: { maxTime?: number; lendingLimit?: number } = {}) {
  const batchSlots = 1 + 2 * MAX_EXTRA_BATCHES;
  const buffer = new ArrayBuffer(8 * (JOURNAL_SLOTS + OUT_SLOTS + batchSlots));
  const clock = new VirtualClock();
  const env: LoopEnvironment = {
    clock,
    outbox: new EventOutbox(),
    heap: () => buffer,
    eventTime: (now) => now,
    publishClock: () => {},
    maxTime: limits.maxTime ?? null,
    haltRequested: () => false,
    checkpoint: () => {},
    lendingLimit: () => limits.lendingLimit ?? Infinity,
    lending,
    waitReal: () => {},
    afterIngest: () => {},
    beforeWait: () => Infinity,
    // A program without sockets: nothing is ever in flight.
    io: { inFlight: () => false, poll: () => 0, waitForEvents: () => {} },
    accountedWallMs: () => 0,
    publishIoEvents: () => {},
  };
  const core = new EventLoopCore(env);
  const id = core.createLoop({
    journalAddress: 0,
    journalSlots: JOURNAL_SLOTS,
    outAddress: 8 * JOURNAL_SLOTS,
    outSlots: OUT_SLOTS,
    batchAddress: 8 * (JOURNAL_SLOTS + OUT_SLOTS),
  });
  const journal = new Float64Array(buffer, 0, JOURNAL_SLOTS);
  const out = new Float64Array(buffer, 8 * JOURNAL_SLOTS, OUT_SLOTS);
  const batches = new Float64Array(buffer, 8 * (JOURNAL_SLOTS + OUT_SLOTS), batchSlots);
  return {
    clock,
    /** Journals records ([JOURNAL.timer, id, when], [JOURNAL.ready, id], ...) and runs one iteration. */
    runOnce(records: number[][] = [], consumed = -1, stopping = false) {
      const flat = records.flat();
      journal.set(flat);
      const first = core.runOnce(id, flat.length, stopping, null, consumed);
      const lent: { when: number; ids: number[] }[] = [];
      let at = Math.max(first, 0);
      for (let batch = 0; batch < batches[0]!; batch++) {
        const size = batches[1 + 2 * batch]!;
        lent.push({ when: batches[2 + 2 * batch]!, ids: Array.from(out.subarray(at, at + size)) });
        at += size;
      }
      return { first: first < 0 ? first : Array.from(out.subarray(0, first)), lent, now: clock.now() };
    },
  };
}

const timer = (id: number, when: number): number[] => [JOURNAL.timer, id, when];
const ready = (id: number): number[] => [JOURNAL.ready, id];
const cancel = (id: number): number[] => [JOURNAL.cancel, id];

describe('EventLoopCore: lending deadline batches', () => {
  it('lends each following deadline as a batch: equal deadlines FIFO, deadlines within the clock resolution together', () => {
    const loop = fakeLoop();
    const result = loop.runOnce([timer(1, 1), timer(3, 2), timer(2, 2), timer(4, 3 + 5e-10), timer(5, 3), timer(6, 3 + 2e-9)]);
    assert.deepEqual(result.first, [-1]);
    assert.equal(result.now, 1);
    assert.deepEqual(result.lent, [
      { when: 2, ids: [-2, -3] },
      { when: 3, ids: [-5, -4] },
      { when: 3 + 2e-9, ids: [-6] },
    ]);
  });

  it('skips cancelled timers: a deadline whose timers are all cancelled is no batch', () => {
    const loop = fakeLoop();
    const result = loop.runOnce([timer(1, 1), timer(2, 2), timer(3, 3), timer(4, 3), timer(5, 4), cancel(2), cancel(4)]);
    assert.deepEqual(result.lent, [
      { when: 3, ids: [-3] },
      { when: 4, ids: [-5] },
    ]);
  });

  it('lends nothing past --max-time, at or after a pause time, or what does not fit', () => {
    assert.deepEqual(fakeLoop('always', { maxTime: 2.5 }).runOnce([timer(1, 1), timer(2, 2), timer(3, 3)]).lent, [{ when: 2, ids: [-2] }]);
    assert.deepEqual(fakeLoop('always', { lendingLimit: 3 }).runOnce([timer(1, 1), timer(2, 2), timer(3, 3)]).lent, [
      { when: 2, ids: [-2] },
    ]);
    assert.deepEqual(fakeLoop('always', { lendingLimit: -Infinity }).runOnce([timer(1, 1), timer(2, 2)]).lent, []);
    const full = fakeLoop();
    const records = [timer(1, 1), ...Array.from({ length: OUT_SLOTS }, (_, index) => timer(index + 2, 2))];
    const result = full.runOnce(records);
    assert.deepEqual(result.lent, []);
    // The deadline that did not fit is still scheduled.
    assert.equal((full.runOnce().first as number[]).length, OUT_SLOTS);
  });

  it('lends nothing when off, or when the loop is stopping', () => {
    assert.deepEqual(fakeLoop('never').runOnce([timer(1, 1), timer(2, 2)]).lent, []);
    const stopping = fakeLoop();
    assert.deepEqual(stopping.runOnce([ready(1), timer(2, 0), timer(3, 2)], -1, true), { first: [1, -2], lent: [], now: 0 });
  });

  it('hands back the rest of the iteration Python left early: ready again, ahead of handles scheduled since', () => {
    const loop = fakeLoop();
    const first = loop.runOnce([ready(1), ready(2), ready(3), timer(4, 5)]);
    assert.deepEqual(first.first, [1, 2, 3]);
    assert.deepEqual(first.lent, [{ when: 5, ids: [-4] }]);
    // Python ran handle 1 and left (an exception); it then scheduled 5 and a timer due now.
    const next = loop.runOnce([ready(5), timer(6, 0)], 1);
    assert.equal(next.now, 0);
    assert.deepEqual(next.first, [2, 3, 5, -6]);
    assert.deepEqual(next.lent, [{ when: 5, ids: [-4] }]);
  });

  it('hands a lent batch Python did not start back to the heap, where new timers may come first', () => {
    const loop = fakeLoop();
    const result = loop.runOnce([timer(1, 1), timer(2, 2), timer(3, 3)]);
    assert.deepEqual(result.lent.length, 2);
    // Python ran the iteration's batch, then a callback scheduled a timer at 1.5: it stopped before batch 2.
    const next = loop.runOnce([timer(4, 1.5)], 1);
    assert.deepEqual(next.first, [-4]);
    assert.equal(next.now, 1.5);
    assert.deepEqual(next.lent, [
      { when: 2, ids: [-2] },
      { when: 3, ids: [-3] },
    ]);
  });

  it('keeps the rest of a lent batch Python had started ready at its deadline', () => {
    const loop = fakeLoop();
    loop.runOnce([timer(1, 1), timer(2, 2), timer(3, 2), timer(4, 3)]);
    // Python set the clock to 2 (the lent batch's deadline), ran timer 2 and left; then scheduled a timer at 1.
    loop.clock.setNow(2);
    const next = loop.runOnce([timer(5, 1)], 2);
    assert.equal(next.now, 2);
    assert.deepEqual(next.first, [-3, -5]);
    assert.deepEqual(next.lent, [{ when: 3, ids: [-4] }]);
  });

  it('adapts how many batches it lends to how many Python takes', () => {
    const loop = fakeLoop('adaptive');
    const records = Array.from({ length: 40 }, (_, index) => timer(index + 1, index + 1));
    const counts: number[] = [];
    let result = loop.runOnce(records);
    counts.push(result.lent.length);
    for (let round = 0; round < 4; round++) {
      result = loop.runOnce();
      counts.push(result.lent.length);
    }
    assert.deepEqual(counts, [1, 2, 4, 8, 16]);
    // Python hands back at the first lent batch: no more lending until a probe, 64 iterations later.
    const first = loop.runOnce([], (result.first as number[]).length);
    assert.equal(first.lent.length, 0);
    let iterations = 0;
    const more = Array.from({ length: 80 }, (_, index) => timer(index + 100, 100 + index));
    result = loop.runOnce(more);
    while (result.lent.length === 0 && iterations < 100) {
      result = loop.runOnce();
      iterations++;
    }
    assert.ok(iterations >= 60 && iterations <= 66, `probed after ${iterations} iterations`);
  });
});
