// Events waiting to be posted to the session: numeric records plus the strings and whole objects they refer to.
import type { RuntimeEvent } from '../../../protocol/runtimeEvents';
import { OBJECT_RECORD } from '../eventRecords';
import type { EventBatch } from '../workerMessages';

export class EventOutbox {
  private records = new Float64Array(1 << 14);
  private length = 0;
  private strings: string[] = [];
  private objects: RuntimeEvent[] = [];

  get pending(): number {
    return this.length;
  }

  /** Index that a string will have in the next batch. */
  addString(text: string): number {
    this.strings.push(text);
    return this.strings.length - 1;
  }

  get stringCount(): number {
    return this.strings.length;
  }

  addStrings(texts: readonly string[]): void {
    for (const text of texts) this.strings.push(text);
  }

  /** Reserves `count` slots and returns the offset to write them at. */
  reserve(count: number): Float64Array {
    if (this.length + count > this.records.length) {
      const bigger = new Float64Array(Math.max(this.records.length * 2, this.length + count));
      bigger.set(this.records.subarray(0, this.length));
      this.records = bigger;
    }
    return this.records;
  }

  advance(count: number): number {
    const at = this.length;
    this.length += count;
    return at;
  }

  push(...values: number[]): void {
    const records = this.reserve(values.length);
    for (const value of values) records[this.length++] = value;
  }

  /** Appends journal record `source[at..at+length)` as an event record: its op, then `time`, then its fields. */
  copyRecord(source: Float64Array, at: number, length: number, time: number): void {
    const records = this.reserve(length + 1);
    let to = this.length;
    records[to++] = source[at]!;
    records[to++] = time;
    for (let index = 1; index < length; index++) records[to++] = source[at + index]!;
    this.length = to;
  }

  addObject(event: RuntimeEvent): void {
    this.objects.push(event);
    this.push(OBJECT_RECORD, event.time, this.objects.length - 1);
  }

  take(): EventBatch | undefined {
    if (this.length === 0) return undefined;
    const batch: EventBatch = { records: this.records.slice(0, this.length), strings: this.strings, objects: this.objects };
    this.length = 0;
    this.strings = [];
    this.objects = [];
    return batch;
  }
}
