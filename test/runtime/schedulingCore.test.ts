// Unit tests of the worker's scheduling data structures: timer heap order, ready queue, executor pools.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExecutorPools } from '../../runtime/src/worker/executorPool';
import { ReadyQueue } from '../../runtime/src/worker/readyQueue';
import { TimerHeap } from '../../runtime/src/worker/timerHeap';

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
    assert.deepEqual(evens, [...evens].sort((a, b) => a - b));
    assert.deepEqual(odds, [...odds].sort((a, b) => a - b));
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
