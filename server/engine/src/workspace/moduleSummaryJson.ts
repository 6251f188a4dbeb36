// A module summary as plain JSON, for the CLI's lint cache: summaries of files that did not change are read back
// instead of parsing the files again. Compact (a project's summaries are most of the cache): call sites as tuples.
import type { ParameterGuard } from '../ruleSupport/parameterGuard';
import type { CallSite, FunctionSummary, ModuleSummary } from './moduleSummary';
import type { ModuleIdentity } from './moduleNames';

/** target, start row, start column, end row, end column, and the condition and guard if any. */
type CallSiteJson = readonly [string, number, number, number, number, string?, ParameterGuard?];

/** name, async (1/0), coroutine function (1/0), the index of the blocking call among the calls (-1: none), the calls. */
type FunctionSummaryJson = readonly [string, number, number, number, readonly CallSiteJson[]];

export interface ModuleSummaryJson {
  readonly file: string;
  readonly module: ModuleIdentity;
  readonly functions: readonly FunctionSummaryJson[];
  readonly classes: readonly string[];
  readonly imports: readonly string[];
  readonly reexports: readonly (readonly [string, string])[];
}

export function summaryToJson(summary: ModuleSummary): ModuleSummaryJson {
  return {
    file: summary.file,
    module: summary.module,
    functions: [...summary.functions.values()].map(functionToJson),
    classes: [...summary.classes],
    imports: [...summary.imports],
    reexports: [...summary.reexports],
  };
}

/** The summary `json` was made from; undefined when it is not of that shape (a damaged or older cache). */
export function summaryFromJson(json: unknown): ModuleSummary | undefined {
  if (!isSummaryJson(json)) return undefined;
  return {
    file: json.file,
    module: json.module,
    functions: new Map(json.functions.map((tuple) => [tuple[0], functionFromJson(tuple)])),
    classes: new Set(json.classes),
    imports: new Set(json.imports),
    reexports: new Map(json.reexports),
  };
}

function functionToJson(summary: FunctionSummary): FunctionSummaryJson {
  const calls = summary.calls.map(({ target, start, end, condition, guard }): CallSiteJson => {
    if (guard !== undefined) return [target, start.row, start.column, end.row, end.column, condition, guard];
    if (condition !== undefined) return [target, start.row, start.column, end.row, end.column, condition];
    return [target, start.row, start.column, end.row, end.column];
  });
  const blocking = summary.blockingCall ? summary.calls.indexOf(summary.blockingCall) : -1;
  return [summary.name, summary.isAsync ? 1 : 0, summary.isCoroutineFunction ? 1 : 0, blocking, calls];
}

function functionFromJson([name, isAsync, isCoroutineFunction, blocking, callTuples]: FunctionSummaryJson): FunctionSummary {
  const calls = callTuples.map(([target, startRow, startColumn, endRow, endColumn, condition, guard]): CallSite => ({
    target,
    start: { row: startRow, column: startColumn },
    end: { row: endRow, column: endColumn },
    ...(condition === undefined ? {} : { condition }),
    ...(guard === undefined ? {} : { guard }),
  }));
  const blockingCall = calls[blocking];
  return { name, isAsync: isAsync === 1, isCoroutineFunction: isCoroutineFunction === 1, ...(blockingCall ? { blockingCall } : {}), calls };
}

/** The outer shape only: a cache is written by this code, and its version is checked before any entry is read. */
function isSummaryJson(json: unknown): json is ModuleSummaryJson {
  if (typeof json !== 'object' || json === null) return false;
  const candidate = json as Partial<Record<keyof ModuleSummaryJson, unknown>>;
  const module = candidate.module as Partial<ModuleIdentity> | undefined;
  return (
    typeof candidate.file === 'string' &&
    typeof module?.name === 'string' &&
    typeof module.isPackage === 'boolean' &&
    Array.isArray(candidate.functions) &&
    Array.isArray(candidate.classes) &&
    Array.isArray(candidate.imports) &&
    Array.isArray(candidate.reexports)
  );
}
