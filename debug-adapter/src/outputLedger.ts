// What output the user has already seen, per stream, across the runs of one debug session: a re-run for step
// back prints the same bytes again (the run is deterministic), so only output past what was shown goes out.

type Stream = 'stdout' | 'stderr' | 'console';

export class OutputLedger {
  private readonly shown = new Map<Stream, number>();
  private readonly emitted = new WeakMap<object, Map<Stream, number>>();

  /** The part of `data` (from `run`) not shown before, or undefined if all of it was. */
  admit(run: object, stream: Stream, data: Uint8Array): Uint8Array | undefined {
    let counts = this.emitted.get(run);
    if (!counts) this.emitted.set(run, (counts = new Map()));
    const before = counts.get(stream) ?? 0;
    const after = before + data.length;
    counts.set(stream, after);
    const seen = this.shown.get(stream) ?? 0;
    if (after <= seen) return undefined;
    this.shown.set(stream, after);
    return before >= seen ? data : data.subarray(seen - before);
  }

  /** A restart (not a re-run): everything the new run prints is new. */
  reset(): void {
    this.shown.clear();
  }
}
