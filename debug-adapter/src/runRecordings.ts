// Where a debug session's live runs are recorded (docs/recording.md): every live run (under either clock) records
// what enters the program, so that step back and reverse continue replay it instead of repeating its I/O. The
// files live in a temporary folder of the session's, removed when the session ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export class RunRecordings {
  private folder: string | undefined;
  private count = 0;
  private last: string | undefined;

  /**
   * A new file for the next live run's recording (the previous one is no longer replayed: it goes); null when
   * no temporary folder can be made (the run is then not recorded, and going back stops at its first I/O).
   */
  next(): string | null {
    if (this.last) rmSync(this.last, { force: true });
    try {
      this.folder ??= mkdtempSync(path.join(tmpdir(), 'loopscope-recordings-'));
    } catch {
      return null;
    }
    this.last = path.join(this.folder, `run-${++this.count}.rec`);
    return this.last;
  }

  /** Removes every recording of the session. */
  dispose(): void {
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
    this.folder = undefined;
  }
}
