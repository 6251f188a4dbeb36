// The source files a run's steps and blocks name, numbered in the order they first appear: a long run holds each
// path once, and a line is a [path number, line] pair (what the debugger's timeline sends as is).
import type { SourceLocation } from '../../protocol/runtimeEvents';

/** A source line: index into SourcePaths.paths, and the 1-based line. */
export type LineRef = [path: number, line: number];

export class SourcePaths {
  /** Every path seen so far, in order of first appearance (only ever grows). */
  readonly paths: string[] = [];
  private readonly index = new Map<string, number>();

  /** The line as a LineRef, numbering its path if it is new. */
  ref(source: SourceLocation | null): LineRef | null {
    if (!source) return null;
    let index = this.index.get(source.path);
    if (index === undefined) {
      index = this.paths.length;
      this.paths.push(source.path);
      this.index.set(source.path, index);
    }
    return [index, source.line];
  }
}
