// Binary min-heap of scheduled TimerHandles by (when, handle id): equal deadlines keep insertion order.

interface TimerEntry {
  when: number;
  /** Python handle id; ids increase with creation, so they double as the insertion sequence. */
  id: number;
  cancelled: boolean;
}

export class TimerHeap {
  private heap: TimerEntry[] = [];
  private readonly byId = new Map<number, TimerEntry>();
  /** Cancelled entries still in the heap (CPython's _timer_cancelled_count). */
  cancelledCount = 0;

  get size(): number {
    return this.heap.length;
  }

  push(id: number, when: number): void {
    const entry: TimerEntry = { when, id, cancelled: false };
    this.byId.set(id, entry);
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = entry;
  }

  /** Marks a scheduled timer cancelled; ids no longer in the heap (already due) are ignored. */
  cancel(id: number): void {
    const entry = this.byId.get(id);
    if (!entry || entry.cancelled) return;
    entry.cancelled = true;
    this.cancelledCount++;
  }

  peek(): TimerEntry | undefined {
    return this.heap[0];
  }

  pop(): TimerEntry | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (!top) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    this.byId.delete(top.id);
    if (top.cancelled) this.cancelledCount--;
    return top;
  }

  /** Pops cancelled entries off the top (CPython's purge when it does not compact). */
  popCancelledHeads(): void {
    if (this.cancelledCount === 0) return;
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
  }

  /** Drops every cancelled entry and re-heapifies (CPython does this when over half the heap is cancelled). */
  compact(): void {
    this.heap = this.heap.filter((entry) => {
      if (entry.cancelled) this.byId.delete(entry.id);
      return !entry.cancelled;
    });
    this.cancelledCount = 0;
    for (let index = (this.heap.length >> 1) - 1; index >= 0; index--) this.siftDown(index);
  }

  clear(): void {
    this.heap = [];
    this.byId.clear();
    this.cancelledCount = 0;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const entry = heap[start]!;
    const length = heap.length;
    let index = start;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length && before(heap[right]!, heap[child]!)) child = right;
      if (!before(heap[child]!, entry)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = entry;
  }
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.when < b.when || (a.when === b.when && a.id < b.id);
}
