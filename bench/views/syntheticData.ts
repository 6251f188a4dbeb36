// Made-up runs for the view benchmarks: many tasks under one parent (a TaskGroup of workers), and timelines of
// N lanes × M steps spread over loop time. Shapes as the adapter sends them (protocol/debugProtocol.ts).
import {
  encodeSlices,
  type LoopscopeTask,
  type TasksChangedBody,
  type TimelineDelta,
  type TimelineLane,
  type TimelineSlice,
} from '../../protocol/debugProtocol';
import type { TaskState } from '../../protocol/runtimeEvents';

const PATH = '/work/project/service.py';

export function workerTasks(count: number, finishedEvery = 4): LoopscopeTask[] {
  const tasks: LoopscopeTask[] = [task(1, null, 'running', 'main')];
  for (let id = 2; id <= count + 1; id++) tasks.push(task(id, 1, id % finishedEvery === 0 ? 'done' : 'pending', 'worker'));
  return tasks;
}

export function task(id: number, parentId: number | null, state: TaskState, coroutine: string): LoopscopeTask {
  const live = state === 'pending' || state === 'running';
  return {
    id,
    name: `Task-${id}`,
    state,
    parentId,
    coroutine,
    source: { path: PATH, line: 40 + (id % 50) },
    awaiting: state === 'pending' ? `sleep until t=${(id % 97) / 10}` : state === 'running' ? 'running' : '',
    ioWait: false,
    threadId: live ? id + 1 : null,
    createdAt: 0,
    finishedAt: live ? null : 1.5,
    site: { path: PATH, line: 12 },
    error: null,
  };
}

/** A tasksChanged event as the adapter sends it: the counts of all, and up to 500 changed tasks. */
export function tasksChanged(all: LoopscopeTask[], changed: LoopscopeTask[], truncated = false): TasksChangedBody {
  const counts = { pending: 0, running: 0, done: 0, cancelled: 0, failed: 0 };
  for (const one of all) counts[one.state]++;
  return { time: 2, running: true, live: counts.pending + counts.running, counts, changed, truncated };
}

/** One delta holding a whole run: `lanes` tasks, `slices` steps dealt out over them, a few loop blocks. */
export function timelineRun(lanes: number, slices: number): TimelineDelta {
  const laneList: TimelineLane[] = [];
  for (let id = 1; id <= lanes; id++) {
    const finished = id % 3 === 0;
    laneList.push({
      taskId: id,
      name: `Task-${id}`,
      coroutine: id === 1 ? 'main' : 'worker',
      parentId: id === 1 ? null : 1,
      state: finished ? (id % 9 === 0 ? 'failed' : 'done') : 'pending',
      createdAt: (id / lanes) * 0.5,
      finishedAt: finished ? 9 + id / lanes : null,
      error: id % 9 === 0 ? 'ValueError: bench' : null,
      site: [0, 12],
      runningSince: null,
      runningSeq: null,
    });
  }
  const steps: TimelineSlice[] = [];
  for (let seq = 1; seq <= slices; seq++) {
    const start = (seq / slices) * 10;
    steps.push({
      taskId: ((seq * 7919) % lanes) + 1,
      seq,
      start,
      end: start + (seq % 5 === 0 ? 0.0004 : 0),
      from: [0, 40 + (seq % 50)],
      to: [0, 41 + (seq % 50)],
      awaiting: 'sleep until t=9.5',
      io: false,
    });
  }
  return {
    run: 1,
    reset: true,
    time: 10,
    clock: 'virtual',
    pathsStart: 0,
    paths: [PATH],
    lanes: laneList,
    slicesStart: 0,
    slices: encodeSlices(steps),
    blocksStart: 0,
    blocks: [1, 4, 7].map((time) => ({ time, duration: 0.2, taskId: 2, seq: null, at: [0, 77] as [number, number] })),
    droppedSlices: 0,
  };
}
