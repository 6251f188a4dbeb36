// Numeric record codes shared by the Python side (journal), the worker (outbox) and the session (decoder).
// The Python runtime receives these values at start-up, so this file is their only definition.

/** Journal records written by Python into a shared Float64 array, read by the worker once per loop iteration. */
export const JOURNAL = {
  /** [op, handleId] a Handle joins the ready queue (call_soon). */
  ready: 1,
  /** [op, handleId, when] a TimerHandle joins the timer heap (call_at / call_later). */
  timer: 2,
  /** [op, handleId] a scheduled TimerHandle was cancelled. */
  cancel: 3,
  /** [op, taskId, parentId|-1, nameString, coroutineString, fileString|-1, line] */
  taskCreated: 10,
  /** [op, taskId] */
  stepStarted: 11,
  /** [op, taskId, awaitKind, number, string|-1, fileString|-1, line] */
  stepEnded: 12,
  /** [op, taskId, finishedState, errorString|-1] */
  taskFinished: 13,
} as const;

/** Longest journal record, in slots: Python flushes before the journal could overflow. */
export const MAX_JOURNAL_RECORD = 8;

/** Outbox-only record: [op, time, objectIndex] an event sent as a whole object (rare events). */
export const OBJECT_RECORD = 20;

/** Await kinds in `stepEnded` records, and the AwaitTarget kind each decodes to. */
export const AWAIT_KINDS = [
  'none',
  'sleep',
  'task',
  'executor',
  'queue',
  'lock',
  'event',
  'semaphore',
  'condition',
  'barrier',
  'gather',
  'wait',
  'taskgroup',
  'future',
  /** The number is an index into IO_WAIT_OPERATIONS (protocol/runtimeEvents.ts), the text the description. */
  'io',
] as const;

export const FINISHED_STATES = ['done', 'cancelled', 'failed'] as const;

/** What `runOnce` returns instead of a batch size when Python must do something else first. */
export const RUN_ONCE = {
  needCapacity: -1,
  deadlock: -2,
  maxTime: -3,
  interrupted: -4,
  /** Sockets watched by the loop are ready: their count is in Python's clock slot 3, the pairs in its I/O buffer. */
  io: -5,
} as const;

/** Slots of the Int32 control buffer shared between the session (main thread) and the worker. */
export const CONTROL = {
  /** Bumped and notified to wake the worker from a real-clock wait or a pause. */
  wake: 0,
  /** Non-zero: stop the run (value is a HaltCode). */
  halt: 1,
  /** Non-zero: stop at the next loop iteration and wait for commands. */
  pause: 2,
  /** Non-zero: commands are waiting; answer them at the next loop iteration without stopping. */
  commands: 3,
  length: 4,
} as const;

export const HALT_CODE = { maxWall: 1, terminate: 2, replayDiverged: 3 } as const;

/**
 * Signal numbers written into Pyodide's interrupt buffer: Python runs the handler at the next bytecode. The
 * runtime's own (halt, pause) are the last real-time signals, leaving SIGUSR1/SIGUSR2 and the rest to programs
 * (program signals are delivered as themselves: see programSignals.ts).
 */
export const SIGNALS = { interrupt: 2, halt: 63, pause: 64 } as const;
