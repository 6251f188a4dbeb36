"""run_in_executor / asyncio.to_thread on a simulated thread pool.

There are no threads in WebAssembly: a job's function runs synchronously when a simulated worker is free
(its time.sleep calls advance only the job's own clock), and its result is delivered at
start + the time it slept. The pool bookkeeping (free workers, FIFO of waiting jobs) lives in the worker's
executorPool.ts, so a full pool queues work as CPython's ThreadPoolExecutor does.
"""
import asyncio.events
import concurrent.futures
import contextvars
import functools
import warnings

from . import clock, hostlink, tasks_info


class _Job:
    __slots__ = ('future', 'function', 'args', 'pool', 'result', 'error')

    def __init__(self, future, function, args, pool):
        self.future = future
        self.function = function
        self.args = args
        self.pool = pool
        self.result = None
        self.error = None


def _function_name(function):
    """The name a job shows in the views: the function a partial wraps (and the one a Context.run partial
    runs, as asyncio.to_thread builds), else the callable's own name, else its repr. Only real partials are
    unwrapped and only string names used: a job's function can be any callable (a Mock answers every
    attribute)."""
    target = function
    while isinstance(target, functools.partial):
        if isinstance(getattr(target.func, '__self__', None), contextvars.Context) and target.args:
            target = target.args[0]
        else:
            target = target.func
    for attribute in ('__qualname__', '__name__'):
        try:
            name = getattr(target, attribute, None)
        except Exception:
            name = None
        if isinstance(name, str) and name:
            return name
    try:
        return repr(target)
    except Exception:
        return type(target).__qualname__


class SimulatedExecutorMixin:
    def _init_executor(self):
        self._jobs = {}
        self._next_job_id = 1
        self._jobs_in_flight = {}
        self._idle_waiters = {}
        self._job_futures = {}

    def run_in_executor(self, executor, func, *args):
        self._check_closed()
        if self._debug:
            self._check_callback(func, 'run_in_executor')
        if executor is None:
            executor = self._default_executor
            self._check_default_executor()
        if executor is None:
            pool, workers = 0, hostlink.default_workers
        else:
            pool, workers = id(executor), int(getattr(executor, '_max_workers', hostlink.default_workers) or 1)
        future = self.create_future()
        job_id = self._next_job_id
        self._next_job_id = job_id + 1
        self._jobs[job_id] = _Job(future, func, args, pool)
        self._job_futures[id(future)] = job_id
        self._jobs_in_flight[pool] = self._jobs_in_flight.get(pool, 0) + 1
        self._flush()
        task_id = tasks_info.current_task_id(self) if self._instrumented else -1
        if hostlink.host.executorSubmit(pool, workers, job_id, _function_name(func), task_id):
            self._start_job(job_id)
        return future

    def _start_job(self, job_id):
        job = self._jobs[job_id]
        start = self.time()
        real_start = clock._orig['monotonic']()
        clock.enter_job()
        running = asyncio.events._get_running_loop()
        asyncio.events._set_running_loop(None)
        try:
            job.result = job.function(*job.args)
        except hostlink.LoopscopeHalt:
            raise
        except BaseException as error:
            job.error = error
        finally:
            asyncio.events._set_running_loop(running)
            slept = clock.leave_job()
        duration = slept if hostlink.virtual else clock._orig['monotonic']() - real_start
        hostlink.host.executorStarted(job_id, start)
        self.call_at(start + duration, self._finish_job, job_id)

    def _finish_job(self, job_id):
        job = self._jobs.pop(job_id)
        future = job.future
        self._job_futures.pop(id(future), None)
        if not future.cancelled():
            if job.error is not None:
                future.set_exception(job.error)
            else:
                future.set_result(job.result)
        failed = job.error is not None
        job.error = None
        self._flush()
        next_job = hostlink.host.executorFinished(job_id, failed)
        self._jobs_in_flight[job.pool] -= 1
        if not self._jobs_in_flight[job.pool]:
            for waiter in self._idle_waiters.pop(job.pool, ()):
                if not waiter.done():
                    waiter.set_result(None)
        if next_job > 0:
            self._start_job(next_job)

    async def shutdown_default_executor(self, timeout=None):
        self._executor_shutdown_called = True
        if not self._jobs_in_flight.get(0):
            return
        waiter = self.create_future()
        self._idle_waiters.setdefault(0, []).append(waiter)
        try:
            async with asyncio.timeout(timeout):
                await waiter
        except TimeoutError:
            warnings.warn(
                f'The executor did not finishing joining its threads within {timeout} seconds.',
                RuntimeWarning,
                stacklevel=2,
            )

    def set_default_executor(self, executor):
        if not isinstance(executor, concurrent.futures.ThreadPoolExecutor):
            raise TypeError('executor must be ThreadPoolExecutor instance')
        self._default_executor = executor
