"""Time as the program sees it: the virtual clock (advanced by the TypeScript loop) or the wall clock.

Under the virtual clock, time.time/monotonic/perf_counter (and their _ns forms) read the clock slot that
the worker writes, time.sleep() advances the clock and is recorded as the loop being blocked, and inside a
simulated executor job time runs on the job's own clock (start + what the job slept so far). The worker
routes the C library's wall clock (JavaScript's Date.now) to the same slots, so datetime.now(), date.today(),
time.localtime(), gmtime(), ctime() and strftime() read the time time.time() gives.
"""
import sys
import time
from array import array

from . import hostlink

state = array('d', bytes(8 * 5))
"""[0] loop-clock now (written by the worker), [1] epoch of virtual time 0 for time.time(), [4] seconds slept so
far by the executor job being run (0 outside jobs; the worker's wall clock adds it)."""

_job_elapsed = None
"""Seconds slept so far by the executor job being run, or None outside jobs."""

_orig = {name: getattr(time, name) for name in ('time', 'time_ns', 'monotonic', 'monotonic_ns', 'perf_counter', 'perf_counter_ns', 'sleep')}


def now():
    if _job_elapsed is None:
        return state[0]
    return state[0] + _job_elapsed


def _time():
    return state[1] + now()


def _time_ns():
    return int(round(_time() * 1e9))


def _monotonic():
    return now()


def _monotonic_ns():
    return int(round(now() * 1e9))


def _check_seconds(seconds):
    if isinstance(seconds, (int, float)):
        value = float(seconds)
    elif hasattr(type(seconds), '__float__') or hasattr(type(seconds), '__index__'):
        value = float(seconds)
    else:
        raise TypeError(f"'{type(seconds).__name__}' object cannot be interpreted as an integer or float")
    if value != value:
        raise ValueError('Invalid value NaN (not a number)')
    if value < 0:
        raise ValueError('sleep length must be non-negative')
    return value


def _caller():
    frame = sys._getframe(2)
    return frame.f_code.co_filename, frame.f_lineno


def _sleep(seconds):
    global _job_elapsed
    value = _check_seconds(seconds)
    if _job_elapsed is not None:
        _job_elapsed += value
        state[4] = _job_elapsed
        return
    blocked(value, *_caller())


def _real_sleep(seconds):
    value = _check_seconds(seconds)
    if _job_elapsed is not None:
        _sleep_through_signals(hostlink.host.realSleep(value, -1, '', 0, False), -1, '', 0)
        return
    blocked(value, *_caller())


def blocked(seconds, path, line):
    """The loop's thread is held for `seconds` (time.sleep): journal pending records, then let the worker move time."""
    from . import tasks_info

    loop = _running_loop()
    task_id = -1
    if loop is not None:
        loop._flush()
        if hostlink.instrumented:
            task_id = tasks_info.current_task_id(loop)
    if hostlink.virtual:
        status = hostlink.host.blockingSleep(seconds, task_id, path, line)
    else:
        status = _sleep_through_signals(hostlink.host.realSleep(seconds, task_id, path, line, True), task_id, path, line)
    if status < 0 and loop is not None:
        loop._halt_from_status(status)


def _sleep_through_signals(status, task_id, path, line):
    """A real sleep a signal interrupted (status: the seconds left): its handler runs (and may raise, as Ctrl+C
    does), then the sleep goes on for the rest, as CPython's time.sleep does."""
    while status > 0:
        total = 0
        for i in range(200):
            total += i
        status = hostlink.host.realSleep(status, task_id, path, line, False)
    return status


def _running_loop():
    import asyncio.events
    from .loop import LoopscopeEventLoop

    loop = asyncio.events._get_running_loop()
    return loop if isinstance(loop, LoopscopeEventLoop) else None


def enter_job():
    global _job_elapsed
    _job_elapsed = 0.0
    state[4] = 0.0


def leave_job():
    global _job_elapsed
    elapsed, _job_elapsed = _job_elapsed, None
    state[4] = 0.0
    return elapsed


def install(virtual, epoch):
    """Route the time module through the chosen clock."""
    state[1] = epoch
    if virtual:
        time.time = _time
        time.time_ns = _time_ns
        time.monotonic = _monotonic
        time.monotonic_ns = _monotonic_ns
        time.perf_counter = _monotonic
        time.perf_counter_ns = _monotonic_ns
        time.sleep = _sleep
    else:
        for name, function in _orig.items():
            setattr(time, name, function)
        time.sleep = _real_sleep
