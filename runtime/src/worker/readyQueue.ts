// FIFO of ready handle ids (a growable ring buffer); timer handles are stored negated so Python can tell them apart.

export class ReadyQueue {
  /** A power of two (indexes are masked); small, as a loop is made per asyncio.run and most hold a few handles. */
  private items = new Float64Array(64);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(id: number): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = id;
    this.count++;
  }

  /** Puts `source[from..to)` in front of the queued ids, in that order (handles handed back by Python). */
  prepend(source: Float64Array, from: number, to: number): void {
    const count = to - from;
    if (count <= 0) return;
    while (this.count + count > this.items.length) this.grow();
    const mask = this.items.length - 1;
    for (let index = to - 1; index >= from; index--) {
      this.head = (this.head - 1) & mask;
      this.items[this.head] = source[index]!;
    }
    this.count += count;
  }

  /** Moves every queued id into `target` (from index 0) in FIFO order and empties the queue. */
  drainInto(target: Float64Array): number {
    const count = this.count;
    const mask = this.items.length - 1;
    for (let index = 0; index < count; index++) target[index] = this.items[(this.head + index) & mask]!;
    this.head = 0;
    this.count = 0;
    return count;
  }

  /** The queued ids in order, without removing them (for inspection). */
  toArray(): number[] {
    const mask = this.items.length - 1;
    return Array.from({ length: this.count }, (_, index) => this.items[(this.head + index) & mask]!);
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  private grow(): void {
    const count = this.count;
    const bigger = new Float64Array(this.items.length * 2);
    this.drainInto(bigger);
    this.count = count;
    this.items = bigger;
  }
}
