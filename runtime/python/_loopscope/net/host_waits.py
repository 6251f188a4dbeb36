"""Waiting on the host as a blocking call does (a socket, a name query, a child process): the wait holds the whole
event loop, as it does under CPython, stays interruptible by signals, and its time is reported as the loop (or, in
an executor job, its simulated thread) being blocked."""
import sys

from .. import clock, hostlink, tasks_info

INTERRUPTED = -4
TIMED_OUT = -5


def real_now():
    # The runtime's reading (perf_counter's clock), which a recorded run records.
    return hostlink.host.monotonicNow()


def report_blocked(seconds):
    """A blocking call held the loop (or, in an executor job, its simulated thread) for `seconds`."""
    if seconds <= 0:
        return
    if clock._job_elapsed is not None:
        clock._job_elapsed += seconds
        return
    frame = sys._getframe(1)
    site = tasks_info.user_site(frame)
    loop = clock.running_loop()
    task_id = -1
    if loop is not None:
        loop._flush()
        if hostlink.instrumented:
            task_id = tasks_info.current_task_id(loop)
    path, line = site if site is not None else ('', 0)
    status = hostlink.host.ioBlocked(seconds, task_id, path, line)
    if status < 0 and loop is not None:
        loop._halt_from_status(status)


def wait_until(ready, deadline):
    """Runs `ready()` (a host wait returning a status) until it is not interrupted; raises TimeoutError."""
    while True:
        if deadline is not None and real_now() >= deadline:
            raise TimeoutError('timed out')
        started = real_now()
        status = ready(float('inf') if deadline is None else max(0.0, deadline - started))
        report_blocked(real_now() - started)
        if status == INTERRUPTED:
            # A signal (Ctrl+C, a pause, a halt) is waiting: its Python handler runs at the next bytecodes.
            spin()
            continue
        if status == TIMED_OUT:
            raise TimeoutError('timed out')
        return status


def spin():
    """A few bytecodes, so that a signal's Python handler gets to run."""
    total = 0
    for i in range(200):
        total += i
    return total
