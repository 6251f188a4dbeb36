// What every output format of `loopscope lint` is given: the findings and what the run knows around them.
import type { RuleInfo } from '../../../../server/engine/src';
import type { ReportedDiagnostic } from '../reportedDiagnostic';

export interface FormatContext {
  readonly diagnostics: readonly ReportedDiagnostic[];
  /** The files linted, in order (clean ones too). */
  readonly files: readonly string[];
  /** Every rule (LOOP000 first), for formats that describe them. */
  readonly rules: readonly RuleInfo[];
  readonly version: string;
  /** ANSI colours (text formats, on a terminal without NO_COLOR). */
  readonly color: boolean;
  /** `--unsafe-fixes`: unsafe fixes count as applicable. */
  readonly unsafeFixes: boolean;
  /** `--quiet`: the findings only, no summary or hints. */
  readonly quiet: boolean;
  /** After `--fix`: how many problems were fixed, in how many files. */
  readonly fixed?: { readonly problems: number; readonly files: number };
  /** The text of a linted file (for formats that show source lines); undefined when unreadable. */
  readonly sourceOf: (file: string) => string | undefined;
  /** A rule's documentation page off this machine, when configured (`documentation-url`). */
  readonly documentationUrl: (rule: RuleInfo) => string | undefined;
}

/** Whether `--fix` (with `--unsafe-fixes` when given) applies the finding's fix. */
export function isFixable(d: ReportedDiagnostic, unsafe: boolean): boolean {
  return d.fix !== null && (unsafe || d.fix.safety === 'safe');
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
