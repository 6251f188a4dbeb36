// The session's breakpoints (line, conditional, hit count, logpoints, function): remembered so every new run
// (restart, step back) gets them, and translated between DAP and the runtime's BreakpointSpec/Result.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BreakpointResult, FunctionBreakpointSpec, LineBreakpointSpec } from '../../protocol/runtimeDebug';
import type { ProgramRun } from './programRun';

const HIT_CONDITION = /^(==|>=|<=|>|<|%)?\s*\d+$/;

export class BreakpointTable {
  private readonly lines = new Map<string, LineBreakpointSpec[]>();
  private functions: FunctionBreakpointSpec[] = [];
  private nextId = 1;
  /** Bumped on every change: a run started with an older generation may not know every breakpoint's hits. */
  generation = 0;

  async setLineBreakpoints(
    run: ProgramRun | undefined,
    path: string,
    requested: readonly DebugProtocol.SourceBreakpoint[],
  ): Promise<DebugProtocol.Breakpoint[]> {
    const specs: LineBreakpointSpec[] = [];
    const invalid = new Map<number, string>();
    for (const breakpoint of requested) {
      const spec: LineBreakpointSpec = { id: this.nextId++, line: breakpoint.line };
      if (breakpoint.condition) spec.condition = breakpoint.condition;
      if (breakpoint.logMessage !== undefined) spec.logMessage = breakpoint.logMessage;
      if (breakpoint.hitCondition?.trim()) {
        if (!HIT_CONDITION.test(breakpoint.hitCondition.trim())) invalid.set(spec.id, hitConditionProblem(breakpoint.hitCondition));
        else spec.hitCondition = breakpoint.hitCondition.trim();
      }
      specs.push(spec);
    }
    const active = specs.filter((spec) => !invalid.has(spec.id));
    this.lines.set(path, active);
    this.generation++;
    const results = run ? await run.request('setBreakpoints', { path, breakpoints: active }) : pending(active);
    const byId = new Map(results.map((result) => [result.id, result]));
    return specs.map((spec) => {
      const problem = invalid.get(spec.id);
      if (problem) return { id: spec.id, verified: false, line: spec.line, message: problem };
      return toDap(byId.get(spec.id) ?? { id: spec.id, verified: false, line: spec.line, message: 'not set' }, path);
    });
  }

  async setFunctionBreakpoints(
    run: ProgramRun | undefined,
    requested: readonly DebugProtocol.FunctionBreakpoint[],
  ): Promise<DebugProtocol.Breakpoint[]> {
    const specs: FunctionBreakpointSpec[] = requested.map((breakpoint) => {
      const spec: FunctionBreakpointSpec = { id: this.nextId++, name: breakpoint.name };
      if (breakpoint.condition) spec.condition = breakpoint.condition;
      if (breakpoint.hitCondition?.trim() && HIT_CONDITION.test(breakpoint.hitCondition.trim()))
        spec.hitCondition = breakpoint.hitCondition.trim();
      return spec;
    });
    this.functions = specs;
    this.generation++;
    const results = run ? await run.request('setFunctionBreakpoints', { breakpoints: specs }) : pending(specs);
    return results.map((result) => ({ id: result.id, verified: result.verified, ...(result.message ? { message: result.message } : {}) }));
  }

  /** Gives a new run every breakpoint (before its program starts). */
  async applyTo(run: ProgramRun): Promise<void> {
    const requests: Promise<unknown>[] = [...this.lines].map(([path, breakpoints]) => run.request('setBreakpoints', { path, breakpoints }));
    if (this.functions.length) requests.push(run.request('setFunctionBreakpoints', { breakpoints: this.functions }));
    await Promise.all(requests);
  }
}

function toDap(result: BreakpointResult, path: string): DebugProtocol.Breakpoint {
  const breakpoint: DebugProtocol.Breakpoint = { id: result.id, verified: result.verified, line: result.line, source: { path } };
  if (result.message) breakpoint.message = result.message;
  return breakpoint;
}

function pending(specs: readonly { id: number; line?: number }[]): BreakpointResult[] {
  return specs.map((spec) => ({ id: spec.id, verified: false, line: spec.line ?? 0, message: 'the program is not running' }));
}

function hitConditionProblem(text: string): string {
  return `invalid hit count "${text}": use N (the Nth hit), ==N, >N, >=N, <N, <=N or %N (every Nth hit)`;
}
