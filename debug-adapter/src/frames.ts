// Stack traces and scopes: a task thread's frames are its await chain (innermost first), the event-loop
// thread's are the code outside tasks. Library frames are de-emphasized, or hidden with justMyCode; their
// source comes from the runtime (the standard library lives inside its WebAssembly file system).
import { Source } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import path from 'node:path';
import type { FrameInfo } from '../../protocol/runtimeDebug';
import type { ProgramRun } from './programRun';
import { taskIdOf } from './threads';

/** The one frame of the event-loop thread while a task is the stopped one (a label: no source, no scopes). */
const LOOP_LABEL_FRAME = 0x7fffffff;

export class FrameTranslator {
  private readonly sourceReferences = new Map<string, number>();
  private readonly sourcePaths = new Map<number, string>();

  constructor(private readonly lineOffset: () => number) {}

  async stackTrace(
    run: ProgramRun,
    args: DebugProtocol.StackTraceArguments,
    justMyCode: boolean,
  ): Promise<DebugProtocol.StackTraceResponse['body']> {
    const taskId = taskIdOf(args.threadId);
    if (taskId !== null && !run.registry.tasks.has(taskId)) throw new Error(`thread ${args.threadId} is not a task of this program`);
    const task = taskId === null ? undefined : run.registry.tasks.get(taskId);
    if (task && task.state !== 'pending' && task.state !== 'running') {
      throw new Error(`thread ${args.threadId} has exited: task ${task.name} finished (${task.state})`);
    }
    const stoppedTask = run.lastStop?.taskId ?? null;
    if (taskId === null && stoppedTask !== null && justMyCode) {
      // Stopped in a task, the event loop is only running it: its own frame in your code (the asyncio.run line)
      // would be a second "current line" in the editor. One label says what it does; its code shows when it is
      // the one stopped, or with justMyCode off (the loop's library frames).
      const running = run.registry.tasks.get(stoppedTask);
      const name = running ? `running ${running.name} ${running.coroutine}()` : 'running a task';
      return { stackFrames: [{ id: LOOP_LABEL_FRAME, name, line: 0, column: 0, presentationHint: 'label' }], totalFrames: 1 };
    }
    let frames = await run.request('stackTrace', { taskId });
    if (justMyCode && frames.some((frame) => !frame.library)) frames = frames.filter((frame) => !frame.library);
    const start = args.startFrame ?? 0;
    const levels = args.levels && args.levels > 0 ? args.levels : frames.length;
    return { stackFrames: frames.slice(start, start + levels).map((frame) => this.toDap(frame)), totalFrames: frames.length };
  }

  async scopes(run: ProgramRun, frameId: number): Promise<DebugProtocol.Scope[]> {
    if (frameId === LOOP_LABEL_FRAME) return [];
    const scopes = await run.request('scopes', { frameId });
    return scopes.map((scope) => ({
      name: scope.name,
      variablesReference: scope.reference,
      expensive: scope.expensive,
      presentationHint: scope.kind === 'locals' ? 'locals' : scope.kind === 'globals' ? 'globals' : undefined,
    }));
  }

  /** Text of a library source the client cannot read from disk. */
  async source(run: ProgramRun, reference: number): Promise<string> {
    const file = this.sourcePaths.get(reference);
    if (!file) throw new Error(`unknown source reference ${reference}`);
    const text = await run.request('source', { path: file });
    if (text === null) throw new Error(`the runtime has no source for ${file}`);
    return text;
  }

  private toDap(frame: FrameInfo): DebugProtocol.StackFrame {
    const line = frame.line + this.lineOffset();
    const result: DebugProtocol.StackFrame = { id: frame.id, name: frame.name, line, column: 1, source: this.sourceOf(frame) };
    if (frame.library) result.presentationHint = 'subtle';
    return result;
  }

  private sourceOf(frame: FrameInfo): DebugProtocol.Source {
    if (!frame.library) return new Source(path.basename(frame.path), frame.path);
    // The environment's packages are library code too, but files on disk the editor can open.
    if (!frame.path.startsWith('/lib/') && !frame.path.startsWith('<')) {
      const installed: DebugProtocol.Source = new Source(path.basename(frame.path), frame.path);
      installed.presentationHint = 'deemphasize';
      return installed;
    }
    let reference = this.sourceReferences.get(frame.path);
    if (reference === undefined) {
      reference = this.sourceReferences.size + 1;
      this.sourceReferences.set(frame.path, reference);
      this.sourcePaths.set(reference, frame.path);
    }
    const source: DebugProtocol.Source = new Source(
      path.basename(frame.path),
      undefined,
      reference,
      'Python standard library (Loopscope runtime)',
    );
    source.presentationHint = 'deemphasize';
    return source;
  }
}
