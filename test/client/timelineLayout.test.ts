// The timeline without a browser: the store assembles deltas (skipping what it has, resetting on a new run), a
// receiver catches up from a cursor, and the layout merges a lane's steps per pixel on both axes, finds the step
// under the mouse, and stays quick with a thousand lanes and ten thousand steps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeSlices, type TimelineDelta, type TimelineLane, type TimelineSlice } from '../../protocol/debugProtocol';
import {
  axisExtent,
  axisTicks,
  describeSlice,
  laneIoWaits,
  laneSegments,
  laneSpan,
  sliceAtPixel,
  stepAt,
  visibleRows,
  waitingAfter,
  type Viewport,
} from '../../client/src/views/timelineLayout';
import { TimelineStore } from '../../client/src/views/timelineStore';

function lane(taskId: number, extra: Partial<TimelineLane> = {}): TimelineLane {
  return {
    taskId,
    name: `Task-${taskId}`,
    coroutine: 'work',
    parentId: taskId === 1 ? null : 1,
    state: 'pending',
    createdAt: 0,
    finishedAt: null,
    error: null,
    site: [0, 1],
    runningSince: null,
    runningSeq: null,
    ...extra,
  };
}

/** A delta; steps given as objects go on the wire as columns. */
function delta(extra: Partial<Omit<TimelineDelta, 'slices'>> & { slices?: TimelineSlice[] }): TimelineDelta {
  const { slices = [], ...rest } = extra;
  return {
    run: 1,
    reset: false,
    time: 1,
    clock: 'virtual',
    pathsStart: 0,
    paths: [],
    lanes: [],
    slicesStart: 0,
    blocksStart: 0,
    blocks: [],
    droppedSlices: 0,
    ...rest,
    slices: encodeSlices(slices),
  };
}

const slice = (taskId: number, seq: number, start: number, end = start): TimelineSlice => ({
  taskId,
  seq,
  start,
  end,
  from: [0, 10 + seq],
  to: [0, 20 + seq],
  awaiting: 'sleep until t=2',
  io: false,
});

describe('timeline store', () => {
  it('adds deltas, skips what it already has, and starts over for a new run', () => {
    const store = new TimelineStore();
    store.apply(delta({ reset: true, paths: ['/w/a.py'], lanes: [lane(1), lane(2)], slices: [slice(1, 1, 0), slice(2, 2, 0)] }));
    // A delta overlapping what was applied (a snapshot, then an event) adds only the new tail.
    store.apply(
      delta({ pathsStart: 0, paths: ['/w/a.py', '/w/b.py'], slicesStart: 1, slices: [slice(2, 2, 0), slice(1, 3, 0.5)], time: 0.5 }),
    );
    assert.deepEqual(store.paths, ['/w/a.py', '/w/b.py']);
    assert.deepEqual(
      store.slices.map((one) => one.seq),
      [1, 2, 3],
    );
    assert.deepEqual(store.sliceIndices(1), [0, 2]);
    assert.equal(store.lastSeq, 3);
    assert.deepEqual(store.location([1, 7]), { path: '/w/b.py', line: 7 });
    assert.ok(store.knowsPath('/w/b.py') && !store.knowsPath('/etc/passwd'));
    store.apply(delta({ run: 2, reset: true, lanes: [lane(9)] }));
    assert.deepEqual(store.laneOrder, [9]);
    assert.equal(store.slices.length, 0);
  });

  it('a receiver at a cursor gets exactly what it lacks', () => {
    const source = new TimelineStore();
    const mirror = new TimelineStore();
    source.apply(delta({ reset: true, paths: ['/w/a.py'], lanes: [lane(1), lane(2)], slices: [slice(1, 1, 0)] }));
    mirror.apply(source.deltaSince(undefined));
    const cursor = source.cursor();
    source.apply(delta({ slicesStart: 1, slices: [slice(2, 2, 0.1)], lanes: [lane(2, { state: 'done', finishedAt: 0.1 })], time: 0.1 }));
    const update = source.deltaSince(cursor);
    assert.equal(update.reset, false);
    assert.deepEqual(
      update.lanes.map((one) => one.taskId),
      [2],
    );
    mirror.apply(update);
    assert.deepEqual(mirror.toDelta(), source.toDelta());
  });
});

describe('timeline layout', () => {
  const store = new TimelineStore();
  store.apply(
    delta({
      reset: true,
      paths: ['/w/app.py'],
      time: 10,
      lanes: [lane(1, { runningSince: 10, runningSeq: 6 }), lane(2, { state: 'done', createdAt: 1, finishedAt: 4 })],
      slices: [slice(1, 1, 0, 0.5), slice(2, 2, 1), slice(1, 3, 1), slice(2, 4, 4), slice(1, 5, 8, 9)],
    }),
  );

  it('merges steps that touch at the zoom, and gives zero-time steps a visible width', () => {
    const wide: Viewport = { axis: 'time', start: 0, end: 10, width: 1000 };
    assert.deepEqual(
      laneSegments(store, 1, wide).map(({ x, width, count }) => [x, width, count]),
      [
        [0, 50, 1],
        [100, 2, 1],
        [800, 100, 1],
      ],
    );
    const narrow: Viewport = { axis: 'time', start: 0, end: 10, width: 10 };
    assert.deepEqual(
      laneSegments(store, 1, narrow).map(({ x, width, count }) => [x, width, count]),
      [
        [0, 3, 2],
        [8, 2, 1],
      ],
    );
    // Only what is in the window.
    assert.deepEqual(
      laneSegments(store, 1, { axis: 'time', start: 7, end: 10, width: 300 }).map((segment) => segment.slice),
      [4],
    );
  });

  it('the steps axis gives every step one unit, and maps loop times to steps', () => {
    const view: Viewport = { axis: 'steps', start: 0, end: 6, width: 600 };
    assert.deepEqual(
      laneSegments(store, 2, view).map(({ x, width }) => [x, width]),
      [
        [100, 100],
        [300, 100],
      ],
    );
    assert.deepEqual(axisExtent(store, 'steps'), { start: 0, end: 6 });
    assert.deepEqual(axisExtent(store, 'time'), { start: 0, end: 10 });
    assert.equal(stepAt(store, 1), 1);
    assert.deepEqual(laneSpan(store, store.lanes.get(2)!, 'steps'), [1, 4]);
    assert.deepEqual(laneSpan(store, store.lanes.get(2)!, 'time'), [1, 4]);
    assert.deepEqual(laneSpan(store, store.lanes.get(1)!, 'steps'), [0, 6]);
  });

  it('finds the step under the mouse and describes it', () => {
    const view: Viewport = { axis: 'time', start: 0, end: 10, width: 1000 };
    assert.equal(sliceAtPixel(store, 1, 101, view), 2);
    assert.equal(sliceAtPixel(store, 1, 850, view), 4);
    assert.equal(sliceAtPixel(store, 1, 500, view), undefined);
    assert.equal(
      describeSlice(store, 2),
      'Task-1 work() — step #3 · t=1 s · resumed at app.py:13 · suspended at app.py:23, awaiting sleep until t=2',
    );
    // A task's first step did not resume anything: it started the coroutine, from the line that created the task.
    assert.equal(
      describeSlice(store, 0),
      'Task-1 work() — step #1 · t=0 s–0.5 s · started (created at app.py:11) · suspended at app.py:21, awaiting sleep until t=2',
    );
  });

  it('draws waits on I/O from the step before them to the next step (or the end), and says what was awaited', () => {
    const io = new TimelineStore();
    const reading = (taskId: number, seq: number, start: number, end = start): TimelineSlice => ({
      ...slice(taskId, seq, start, end),
      awaiting: 'reading 127.0.0.1:8080',
      io: true,
    });
    io.apply(
      delta({
        reset: true,
        paths: ['/w/app.py'],
        time: 10,
        lanes: [lane(1), lane(2, { state: 'done', finishedAt: 6 })],
        slices: [reading(1, 1, 0, 1), slice(1, 2, 3), reading(1, 3, 5), reading(2, 4, 2)],
      }),
    );
    const view: Viewport = { axis: 'time', start: 0, end: 10, width: 100 };
    // Task 1 read from t=1 to its next step at t=3, and again from t=5 until now; task 2 from t=2 to its end at 6.
    assert.deepEqual(
      laneIoWaits(io, io.lanes.get(1)!, view).map(({ x, width, slice }) => [x, width, slice]),
      [
        [10, 20, 0],
        [50, 50, 2],
      ],
    );
    assert.deepEqual(
      laneIoWaits(io, io.lanes.get(2)!, view).map(({ x, width }) => [x, width]),
      [[20, 40]],
    );
    // A window that starts inside a wait still shows it; the sleep after step 2 is not I/O.
    assert.deepEqual(
      laneIoWaits(io, io.lanes.get(1)!, { axis: 'time', start: 2, end: 4, width: 20 }).map(({ x, width }) => [x, width]),
      [[0, 10]],
    );
    assert.equal(waitingAfter(io, 1, 2, 'time'), 0);
    assert.equal(waitingAfter(io, 1, 4, 'time'), 1);
    assert.equal(waitingAfter(io, 1, 0.5, 'time'), undefined, 'inside a step, not waiting');
    assert.equal(io.slices[waitingAfter(io, 1, 7, 'time')!]!.awaiting, 'reading 127.0.0.1:8080');
    // Older adapters send no io column: nothing is an I/O wait.
    const old = delta({ reset: true, lanes: [lane(1)], slices: [reading(1, 1, 0)] });
    delete old.slices.io;
    const plain = new TimelineStore();
    plain.apply(old);
    assert.equal(plain.slices[0]!.io, false);
  });

  it('ticks fall on round values, and only the lanes in view are drawn', () => {
    assert.deepEqual(axisTicks({ axis: 'time', start: 0, end: 1, width: 500 }), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(axisTicks({ axis: 'steps', start: 0, end: 12, width: 300 }), [0, 5, 10]);
    assert.deepEqual(visibleRows(1000, 400, 300), { first: 20, last: 35 });
  });

  it('1,000 lanes × 10,000 steps: a screenful of lanes lays out in milliseconds', () => {
    const big = new TimelineStore();
    const lanes = Array.from({ length: 1000 }, (_, index) => lane(index + 1));
    const slices: TimelineSlice[] = [];
    for (let seq = 1; seq <= 10_000; seq++) slices.push(slice(((seq * 7919) % 1000) + 1, seq, seq / 1000, seq / 1000 + 0.0005));
    big.apply(delta({ reset: true, paths: ['/w/app.py'], time: 10, lanes, slices }));
    const view: Viewport = { axis: 'time', start: 0, end: 10, width: 1200 };
    const started = performance.now();
    const rows = visibleRows(1000, 0, 800);
    let segments = 0;
    for (let row = rows.first; row <= rows.last; row++) segments += laneSegments(big, big.laneOrder[row]!, view).length;
    const elapsed = performance.now() - started;
    assert.ok(segments > 0);
    assert.ok(elapsed < 50, `laid out in ${elapsed.toFixed(1)} ms`);
  });
});
