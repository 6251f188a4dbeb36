// asyncio's synchronisation primitives, queues and exceptions as short entries for hovers (checked
// like asyncioApi.ts against CPython's docs and the 3.7–3.13 interpreters).
import type { ApiSection } from './apiEntry';

export const ASYNCIO_PRIMITIVES_API: readonly ApiSection[] = [
  {
    page: 'asyncio-sync.html',
    entries: {
      'asyncio.Lock': {
        kind: 'class',
        signature: 'Lock()',
        summary: 'A mutual-exclusion lock between tasks of one loop (not threads); use `async with lock:`.',
        rules: ['LOOP404'],
      },
      'asyncio.Lock.acquire': {
        kind: 'coroutine method',
        signature: 'acquire()',
        summary: 'Waits until the lock is free and takes it.',
        instead: '`async with lock:` releases it even on errors.',
      },
      'asyncio.Lock.release': { kind: 'method', signature: 'release()', summary: 'Releases the lock; `RuntimeError` if it is not held.' },
      'asyncio.Lock.locked': { kind: 'method', signature: 'locked()', summary: 'Whether the lock is held.' },
      'asyncio.Event': {
        kind: 'class',
        signature: 'Event()',
        summary: 'A flag tasks can wait for: `set()` wakes every `await event.wait()`.',
      },
      'asyncio.Event.wait': {
        kind: 'coroutine method',
        signature: 'wait()',
        summary: 'Waits until the flag is set (returns at once if it is).',
      },
      'asyncio.Event.set': { kind: 'method', signature: 'set()', summary: 'Sets the flag and wakes all waiters.' },
      'asyncio.Event.clear': { kind: 'method', signature: 'clear()', summary: 'Resets the flag.' },
      'asyncio.Event.is_set': { kind: 'method', signature: 'is_set()', summary: 'Whether the flag is set.' },
      'asyncio.Condition': {
        kind: 'class',
        signature: 'Condition(lock=None)',
        summary: 'A lock plus notifications: tasks `await cond.wait()` inside `async with cond:` until another task calls `notify()`.',
        rules: ['LOOP404'],
      },
      'asyncio.Condition.wait': {
        kind: 'coroutine method',
        signature: 'wait()',
        summary: 'Releases the lock, waits for a notification, and re-acquires the lock.',
      },
      'asyncio.Condition.wait_for': {
        kind: 'coroutine method',
        signature: 'wait_for(predicate)',
        summary: 'Waits until `predicate()` is true, re-checking after each notification.',
      },
      'asyncio.Condition.notify': { kind: 'method', signature: 'notify(n=1)', summary: 'Wakes up to `n` waiting tasks (hold the lock).' },
      'asyncio.Condition.notify_all': { kind: 'method', signature: 'notify_all()', summary: 'Wakes every waiting task (hold the lock).' },
      'asyncio.Semaphore': {
        kind: 'class',
        signature: 'Semaphore(value=1)',
        summary: 'Lets at most `value` tasks into `async with sem:` at once; a way to cap concurrency.',
        rules: ['LOOP404'],
      },
      'asyncio.Semaphore.acquire': { kind: 'coroutine method', signature: 'acquire()', summary: 'Waits for a free slot and takes it.' },
      'asyncio.Semaphore.release': { kind: 'method', signature: 'release()', summary: 'Gives a slot back.' },
      'asyncio.Semaphore.locked': { kind: 'method', signature: 'locked()', summary: 'Whether no slot is free.' },
      'asyncio.BoundedSemaphore': {
        kind: 'class',
        signature: 'BoundedSemaphore(value=1)',
        summary: 'A `Semaphore` whose `release()` raises `ValueError` when it would exceed the initial value.',
      },
      'asyncio.Barrier': {
        kind: 'class',
        signature: 'Barrier(parties)',
        summary: 'Makes `parties` tasks wait for each other: `await barrier.wait()` returns once all have arrived.',
        added: '3.11',
      },
      'asyncio.Barrier.wait': {
        kind: 'coroutine method',
        signature: 'wait()',
        summary: 'Waits until all parties arrive; returns this task’s arrival index.',
        added: '3.11',
      },
      'asyncio.Barrier.reset': {
        kind: 'coroutine method',
        signature: 'reset()',
        summary: 'Returns the barrier to empty; waiting tasks get `BrokenBarrierError`.',
        added: '3.11',
      },
      'asyncio.Barrier.abort': {
        kind: 'coroutine method',
        signature: 'abort()',
        summary: 'Breaks the barrier: current and future `wait()` calls raise `BrokenBarrierError`.',
        added: '3.11',
      },
    },
  },
  {
    page: 'asyncio-queue.html',
    entries: {
      'asyncio.Queue': {
        kind: 'class',
        signature: 'Queue(maxsize=0)',
        summary: 'A FIFO queue between tasks (not thread-safe): `await put()` waits while full, `await get()` while empty.',
        changed: [['3.13', '`shutdown()` and `QueueShutDown`']],
      },
      'asyncio.PriorityQueue': {
        kind: 'class',
        signature: 'PriorityQueue(maxsize=0)',
        summary: 'A `Queue` that hands out the smallest item first (entries like `(priority, data)`).',
      },
      'asyncio.LifoQueue': { kind: 'class', signature: 'LifoQueue(maxsize=0)', summary: 'A `Queue` that hands out the newest item first.' },
      'asyncio.Queue.get': {
        kind: 'coroutine method',
        signature: 'get()',
        summary: 'Removes and returns an item, waiting while the queue is empty.',
      },
      'asyncio.Queue.put': { kind: 'coroutine method', signature: 'put(item)', summary: 'Adds an item, waiting while the queue is full.' },
      'asyncio.Queue.get_nowait': {
        kind: 'method',
        signature: 'get_nowait()',
        summary: 'Returns an item at once or raises `QueueEmpty`.',
      },
      'asyncio.Queue.put_nowait': {
        kind: 'method',
        signature: 'put_nowait(item)',
        summary: 'Adds an item at once or raises `QueueFull`.',
      },
      'asyncio.Queue.task_done': {
        kind: 'method',
        signature: 'task_done()',
        summary: 'Marks one fetched item as processed, for `join()`.',
      },
      'asyncio.Queue.join': {
        kind: 'coroutine method',
        signature: 'join()',
        summary: 'Waits until every item put has been marked with `task_done()`.',
      },
      'asyncio.Queue.qsize': { kind: 'method', signature: 'qsize()', summary: 'The number of items in the queue.' },
      'asyncio.Queue.empty': { kind: 'method', signature: 'empty()', summary: 'Whether the queue is empty.' },
      'asyncio.Queue.full': { kind: 'method', signature: 'full()', summary: 'Whether the queue holds `maxsize` items.' },
      'asyncio.Queue.shutdown': {
        kind: 'method',
        signature: 'shutdown(immediate=False)',
        summary:
          'Closes the queue: `put()` raises `QueueShutDown` from now on, and `get()` does once the queue is empty (at once with `immediate=True`).',
        added: '3.13',
      },
      'asyncio.QueueEmpty': { kind: 'exception', summary: 'Raised by `get_nowait()` on an empty queue.' },
      'asyncio.QueueFull': { kind: 'exception', summary: 'Raised by `put_nowait()` on a full queue.' },
      'asyncio.QueueShutDown': {
        kind: 'exception',
        summary: 'Raised by `put()`/`get()` on a queue that was shut down.',
        added: '3.13',
      },
    },
  },
  {
    page: 'asyncio-exceptions.html',
    entries: {
      'asyncio.CancelledError': {
        kind: 'exception',
        summary:
          'Raised inside a task that is being cancelled. Clean up and re-raise it: swallowing it breaks `TaskGroup`, `timeout()` and shutdown.',
        changed: [['3.8', 'a `BaseException`, so `except Exception:` no longer catches it']],
        rules: ['LOOP305'],
      },
      'asyncio.TimeoutError': {
        kind: 'exception',
        summary: 'Raised when an asyncio operation times out.',
      },
      'asyncio.InvalidStateError': {
        kind: 'exception',
        summary: 'An operation on a Task or Future in the wrong state, such as `result()` before it is done.',
      },
      'asyncio.BrokenBarrierError': {
        kind: 'exception',
        summary: 'Raised by `Barrier.wait()` when the barrier is broken or reset.',
        added: '3.11',
      },
      'asyncio.IncompleteReadError': {
        kind: 'exception',
        summary: 'The stream ended before `readexactly()`/`readuntil()` got its data; `.partial` holds what was read.',
      },
      'asyncio.LimitOverrunError': {
        kind: 'exception',
        summary: "`readuntil()`/`readline()` hit the stream's buffer limit before finding the separator.",
      },
    },
  },
];
