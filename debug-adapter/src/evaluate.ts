// Evaluate (hover, watch, debug console) and completions in the selected frame. A console line typed while
// the program waits for stdin is its input instead; it is recorded so that step back replays it.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { EvaluateContext } from '../../protocol/runtimeDebug';
import type { ProgramRun } from './programRun';

/** How long one evaluation may run (an expression that never returns is interrupted). */
const EVALUATE_TIMEOUT_MS = 2500;

export class InputRecorder {
  private recorded = '';

  get text(): string {
    return this.recorded;
  }

  give(run: ProgramRun, text: string | null): void {
    if (text !== null) this.recorded += text;
    run.provideInput(text);
  }

  reset(): void {
    this.recorded = '';
  }
}

export async function evaluate(
  run: ProgramRun,
  args: DebugProtocol.EvaluateArguments,
  input: InputRecorder,
): Promise<DebugProtocol.EvaluateResponse['body']> {
  const context = (args.context ?? 'repl') as EvaluateContext;
  if (context === 'repl' && run.waitingForInput) {
    input.give(run, `${args.expression}\n`);
    return { result: '', variablesReference: 0 };
  }
  if (run.state !== 'stopped') {
    throw new Error(
      run.state === 'running' ? 'the program is running: pause it (or stop at a breakpoint) to evaluate' : 'the program is not running',
    );
  }
  const value = await run.request('evaluate', { frameId: args.frameId ?? null, expression: args.expression, context }, EVALUATE_TIMEOUT_MS);
  return {
    result: value.value,
    type: value.type,
    variablesReference: value.reference,
    ...(value.named !== undefined ? { namedVariables: value.named } : {}),
    ...(value.indexed !== undefined ? { indexedVariables: value.indexed } : {}),
  };
}

export async function completions(
  run: ProgramRun,
  args: DebugProtocol.CompletionsArguments,
  columnBase: 0 | 1,
): Promise<DebugProtocol.CompletionItem[]> {
  if (run.state !== 'stopped') return [];
  const lines = args.text.split('\n');
  const lineIndex = Math.min(Math.max((args.line ?? 1) - 1, 0), lines.length - 1);
  const text = lines[lineIndex] ?? '';
  const column = args.column - columnBase + 1;
  const found = await run.request('completions', { frameId: args.frameId ?? null, text, column });
  return found.map((item) => ({ label: item.label, text: item.text, start: item.start + columnBase, length: item.length }));
}
