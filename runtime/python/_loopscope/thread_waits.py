"""Waiting on a threading primitive, where no other thread exists.

The runtime has one thread: executor jobs (run_in_executor, asyncio.to_thread) run to completion, one at a
time, while the loop waits for them. So a wait for another thread's notify (threading.Condition.wait, and
through it Event.wait, queue.Queue.get, concurrent.futures.Future.result, concurrent.futures.wait) can never
be answered. With a timeout it times out after that long on the program's clock (the job's own clock inside
a job); without one it raises at once, saying why, instead of hanging the run forever. This is what ends a
thread job that waits for the loop (`run_coroutine_threadsafe(coro, loop).result()`).
"""
import threading
import time


class NoOtherThreadError(RuntimeError):
    """A wait without a timeout for something only another thread could do."""


_MESSAGE = (
    'this wait could never end on the Loopscope runtime: there are no other threads to notify it '
    '(executor jobs and asyncio.to_thread run one at a time, to completion, while the event loop waits for '
    'them, so a job cannot wait for the loop, e.g. run_coroutine_threadsafe(...).result()); '
    'give the wait a timeout, or await the work on the loop instead'
)


def _condition_wait(self, timeout=None):
    if not self._is_owned():
        raise RuntimeError('cannot wait on un-acquired lock')
    if timeout is None:
        raise NoOtherThreadError(_MESSAGE)
    if timeout > 0:
        time.sleep(timeout)
    return False


def install():
    threading.Condition.wait = _condition_wait
