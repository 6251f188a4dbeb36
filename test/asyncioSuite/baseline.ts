// The baseline from ../shared/cpython-asyncio-tests/README.md: passes per module of the same tests on the same
// bundled CPython with CPython's own selector loop. `'all'` is the README's "all pass" (as many as run).

export const BASELINE_PASSES: Record<string, number | 'all'> = {
  test_taskgroups: 96,
  test_tasks: 1025,
  test_eager_task_factory: 47,
  test_runners: 30,
  test_pep492: 11,
  test_futures: 168,
  test_locks: 'all',
  test_queues: 'all',
  test_timeouts: 'all',
  test_waitfor: 'all',
  test_graph: 'all',
  test_staggered: 'all',
  test_futures2: 'all',
  test_context: 'all',
  test_threads: 0,
  test_sock_lowlevel: 0,
};

/** The baseline's total (the README's 1,595). */
export const BASELINE_TOTAL = 1595;
