"""Time as the program sees it: the virtual clock (advanced by the TypeScript loop) or the wall clock.

Under the virtual clock, time.time/monotonic/perf_counter (and their _ns forms) read the clock slot that
the worker writes, time.sleep() advances the clock and is recorded as the loop being blocked, and inside a
simulated executor job time runs on the job's own clock (start + what the job slept so far). The worker
routes the C library's wall clock (JavaScript's Date.now) to the same slots, so datetime.now(), date.today(),
time.localtime(), gmtime(), ctime() and strftime() read the time time.time() gives.

A busy-wait (`while time.monotonic() < deadline: pass`) would spin forever on a clock that moves only when the
loop waits. So clock reads are counted within a stretch of code that does not yield (one callback or task step,
or one executor job): the first FREE_READS read the clock as it is, and each read after them moves time on by
READ_QUANTUM first, as if reading took that long. The count restarts at every event-loop iteration. Ordinary
code never gets there; a busy-wait sees time pass, deterministically, and ends.
"""
import sys
import time
from array import array
from asyncio import events

from . import halting, hostlink, tasks_info

state = array('d', bytes(8 * 5))
"""[0] loop-clock now (written by the worker), [1] epoch of virtual time 0 for time.time(), [4] seconds slept so
far by the executor job being run (0 outside jobs; the worker's wall clock adds it)."""

_job_elapsed = None
"""Seconds slept so far by the executor job being run, or None outside jobs."""

FREE_READS = 1000
READ_QUANTUM = 0.001
"""Seconds each clock read past FREE_READS in a non-yielding stretch adds."""

reads = [0]
"""Clock reads in the current stretch (the loop zeroes it at each iteration)."""

_orig = {name: getattr(time, name) for name in ('time', 'time_ns', 'monotonic', 'monotonic_ns', 'perf_counter', 'perf_counter_ns', 'sleep')}

real_monotonic = _orig['monotonic']
"""loop.time() under the real clock (read through the tape in a recorded or replayed run)."""


def now():
    if _job_elapsed is None:
        return state[0]
    return state[0] + _job_elapsed


def _read():
    """now() as a program's clock read sees it (counted, see FREE_READS)."""
    count = reads[0] + 1
    reads[0] = count
    if count > FREE_READS:
        _spend_read()
    if _job_elapsed is None:
        return state[0]
    return state[0] + _job_elapsed


def _spend_read():
    global _job_elapsed
    if _job_elapsed is not None:
        _job_elapsed += READ_QUANTUM
        state[4] = _job_elapsed
        return
    frame = sys._getframe(3)
    blocked(READ_QUANTUM, frame.f_code.co_filename, frame.f_lineno)


def _time():
    return state[1] + _read()


def _time_ns():
    return int(round((state[1] + _read()) * 1e9))


def _monotonic():
    return _read()


def _monotonic_ns():
    return int(round(_read() * 1e9))


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
    loop = running_loop()
    task_id = -1
    if loop is not None:
        loop._flush()
        if hostlink.instrumented:
            task_id = tasks_info.current_task_id(loop)
    if hostlink.virtual:
        status = hostlink.host.blockingSleep(seconds, task_id, path, line)
    else:
        status = _sleep_through_signals(hostlink.host.realSleep(seconds, task_id, path, line, True), task_id, path, line)
    if status < 0:
        if loop is not None:
            loop._halt_from_status(status)
        else:
            # A script's own time.sleep (no loop running): the limit ends it there.
            halting.halt(None, status, halting.where_at(sys._getframe()))


halting.blocking_calls[blocked.__code__] = 'time.sleep'


def _sleep_through_signals(status, task_id, path, line):
    """A real sleep a signal interrupted (status: the seconds left): its handler runs (and may raise, as Ctrl+C
    does), then the sleep goes on for the rest, as CPython's time.sleep does."""
    while status > 0:
        total = 0
        for i in range(200):
            total += i
        status = hostlink.host.realSleep(status, task_id, path, line, False)
    return status


def running_loop():
    """The runtime's loop running on this thread, or None (no loop, or one of another kind)."""
    loop = events._get_running_loop()
    return loop if isinstance(loop, hostlink.loop_class) else None


def enter_job():
    global _job_elapsed
    _job_elapsed = 0.0
    state[4] = 0.0
    reads[0] = 0


def leave_job():
    global _job_elapsed
    elapsed, _job_elapsed = _job_elapsed, None
    state[4] = 0.0
    return elapsed


def install(virtual, epoch, taped_host=None):
    """Route the time module through the chosen clock. `taped_host`: a recorded or replayed run under the real
    clock, whose readings of the time go through the worker's tape (datetime's date follows: see the worker's
    routeRecordedWallClock)."""
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
        if taped_host is not None:
            global real_monotonic
            read = real_monotonic = taped_host.tapedClockNow
            wall = taped_host.tapedWallNow

            def monotonic_ns():
                return int(round(read() * 1e9))

            def time_ns():
                return int(round(wall() * 1e9))

            time.monotonic = read
            time.perf_counter = read
            time.monotonic_ns = monotonic_ns
            time.perf_counter_ns = monotonic_ns
            time.time = wall
            time.time_ns = time_ns
