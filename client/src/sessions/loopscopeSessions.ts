// Follows Loopscope debug sessions for the views: keeps each session's tasks and timeline from the adapter's
// custom events, knows whether it is running or stopped, and says which session the views should show (the
// active one if it is a Loopscope session, else the latest). After a session ends its data stays on show.
import {
  debug,
  EventEmitter,
  type DebugAdapterTracker,
  type DebugSession,
  type Disposable,
  type Event,
  type LogOutputChannel,
} from 'vscode';
import {
  DEBUG_TYPE,
  RUNTIME_STARTED_EVENT,
  STEP_TO_NEXT_TASK_REQUEST,
  TASKS_CHANGED_EVENT,
  TASKS_REQUEST,
  TIMELINE_CHANGED_EVENT,
  TIMELINE_REQUEST,
  type RuntimeStartedBody,
  type TasksChangedBody,
  type TimelineChangedBody,
} from '../../../protocol/debugProtocol';
import { TimelineStore } from '../views/timelineStore';
import { customRequest, onCustomEvent } from './customMessages';
import { TaskStore } from './taskStore';

type SessionState = 'starting' | 'running' | 'stopped' | 'ended';

export class TrackedSession {
  readonly tasks = new TaskStore();
  readonly timeline = new TimelineStore();
  state: SessionState = 'starting';

  constructor(readonly session: DebugSession) {}

  get name(): string {
    return this.session.name;
  }
}

/** What changed, so each view redraws only for its own news. */
interface SessionChange {
  session: TrackedSession | undefined;
  tasks: boolean;
  timeline: boolean;
  state: boolean;
}

/** DAP commands after which the program runs until the next `stopped` event. */
const RESUMING = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', STEP_TO_NEXT_TASK_REQUEST]);

export class LoopscopeSessions implements Disposable {
  private readonly sessions = new Map<string, TrackedSession>();
  private latest: TrackedSession | undefined;
  private readonly changed = new EventEmitter<SessionChange>();
  private readonly disposables: Disposable[] = [];

  readonly onDidChange: Event<SessionChange> = this.changed.event;

  constructor(private readonly output?: LogOutputChannel) {
    this.disposables.push(
      this.changed,
      debug.onDidStartDebugSession((session) => this.started(session)),
      debug.onDidTerminateDebugSession((session) => this.terminated(session)),
      // Said before VS Code reports the session started: logged whether or not it is tracked yet.
      onCustomEvent(RUNTIME_STARTED_EVENT, (body, session) => this.logStartup(session, body)),
      onCustomEvent(TASKS_CHANGED_EVENT, (body, session) => this.tasksChanged(session, body)),
      onCustomEvent(TIMELINE_CHANGED_EVENT, (delta, session) => this.timelineChanged(session, delta)),
      debug.onDidChangeActiveDebugSession(() => this.fire({ tasks: true, timeline: true, state: true })),
      debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, { createDebugAdapterTracker: (session) => this.tracker(session) }),
    );
  }

  /** The session the views show: the active Loopscope session, else the latest one (perhaps ended). */
  get current(): TrackedSession | undefined {
    const active = debug.activeDebugSession;
    if (active?.type === DEBUG_TYPE) return this.sessions.get(active.id) ?? this.latest;
    return this.latest;
  }

  /** Whether a Loopscope session is live (not ended). */
  get hasLiveSession(): boolean {
    return [...this.sessions.values()].some((tracked) => tracked.state !== 'ended');
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Asks the adapter for every task again (after a truncated event, or to be exact). */
  async refreshTasks(tracked: TrackedSession): Promise<void> {
    if (tracked.state === 'ended') return;
    try {
      const result = await customRequest(tracked.session, TASKS_REQUEST, { includeFinished: true });
      tracked.tasks.replace(result, tracked.state === 'running');
      this.fire({ tasks: true }, tracked);
    } catch {
      // The session ended meanwhile: keep what we have.
    }
  }

  private started(session: DebugSession): void {
    if (session.type !== DEBUG_TYPE) return;
    const tracked = this.sessions.get(session.id) ?? new TrackedSession(session);
    this.sessions.set(session.id, tracked);
    // A new run replaces what an ended session left on show.
    for (const [id, other] of this.sessions) if (other !== tracked && other.state === 'ended') this.sessions.delete(id);
    this.latest = tracked;
    this.fire({ tasks: true, timeline: true, state: true }, tracked);
  }

  private terminated(session: DebugSession): void {
    const tracked = this.sessions.get(session.id);
    if (!tracked) return;
    tracked.state = 'ended';
    tracked.tasks.running = false;
    this.fire({ state: true, tasks: true, timeline: true }, tracked);
  }

  private tasksChanged(session: DebugSession, body: TasksChangedBody): void {
    const tracked = this.sessions.get(session.id);
    if (!tracked) return;
    const stateBefore = tracked.state;
    // Stops are told by `stopped` events (the tracker): the last tasksChanged of a run says "not running" too.
    if (body.running && (tracked.state === 'starting' || tracked.state === 'stopped')) tracked.state = 'running';
    if (!tracked.tasks.applyChanged(body)) void this.refreshTasks(tracked);
    this.fire({ tasks: true, state: stateBefore !== tracked.state }, tracked);
  }

  private timelineChanged(session: DebugSession, delta: TimelineChangedBody): void {
    const tracked = this.sessions.get(session.id);
    if (!tracked) return;
    const previousRun = tracked.timeline.run;
    // A delta that continues a run the store does not hold (the views opened late): fetch the whole timeline.
    if (!delta.reset && delta.run !== previousRun) void this.refreshTimeline(tracked);
    else {
      tracked.timeline.apply(delta);
      this.fire({ timeline: true }, tracked);
    }
    // Another run of the same session (restart, step back): tasks of the old run must go, so take the list anew.
    if (delta.reset && previousRun !== 0 && delta.run !== previousRun) void this.refreshTasks(tracked);
  }

  private logStartup(session: DebugSession, body: RuntimeStartedBody): void {
    const loaded = body.loadedBeforeLaunch
      ? `already loaded (${body.aheadMs} ms before the launch)`
      : body.preStarted
        ? `started loading ${body.aheadMs} ms before the launch`
        : 'loaded for it';
    this.output?.info(
      `Debug session "${session.name}": the runtime was ready ${body.readyMs} ms after the launch; Python ${loaded}, in ${body.bootMs} ms, snapshot ${body.snapshot}.`,
    );
  }

  private async refreshTimeline(tracked: TrackedSession): Promise<void> {
    try {
      tracked.timeline.apply(await customRequest(tracked.session, TIMELINE_REQUEST, {}));
      this.fire({ timeline: true }, tracked);
    } catch {
      // ended meanwhile
    }
  }

  /** Watches the DAP traffic for what custom events do not say: when the program resumes and stops. */
  private tracker(session: DebugSession): DebugAdapterTracker {
    const update = (state: SessionState) => {
      const tracked = this.sessions.get(session.id);
      if (!tracked || tracked.state === 'ended' || tracked.state === state) return;
      tracked.state = state;
      if (state === 'stopped') tracked.tasks.stopped();
      else tracked.tasks.running = true;
      this.fire({ state: true }, tracked);
    };
    return {
      onDidSendMessage: (message: { type?: string; event?: string; command?: string; success?: boolean; message?: string }) => {
        if (message.type === 'response' && message.success === false)
          this.output?.debug(`Debug adapter: ${message.command} failed: ${message.message ?? ''}`);
        if (message.type === 'event' && message.event === 'stopped') update('stopped');
        else if (message.type === 'event' && message.event === 'continued') update('running');
        else if (message.type === 'response' && message.success && message.command && RESUMING.has(message.command)) update('running');
        else if (message.type === 'response' && message.success && message.command === 'configurationDone') update('running');
      },
    };
  }

  private fire(change: Partial<Omit<SessionChange, 'session'>>, tracked?: TrackedSession): void {
    if (tracked && tracked !== this.current) return;
    this.changed.fire({
      session: this.current,
      tasks: change.tasks ?? false,
      timeline: change.timeline ?? false,
      state: change.state ?? false,
    });
  }
}
