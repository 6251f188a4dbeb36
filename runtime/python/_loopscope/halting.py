"""Stopping a program on the runtime's decision: deadlock, --max-time, --max-wall (even inside `while True:`)."""
import gc
import json
import sys

from . import hostlink, tasks_info


def _reason(status):
    ops = hostlink.ops
    if status == ops.deadlock:
        return 'deadlock'
    if status == ops.max_time:
        return 'maxTime'
    return hostlink.host.haltReason() or 'maxWall'


def halt(loop, status, where=None):
    """Tell the worker why and who was waiting (it prints the report), then unwind the program."""
    if hostlink.halt is not None:
        raise hostlink.halt
    reason = _reason(status)
    _raise(reason, tasks_info.snapshot(loop) if loop is not None else [], where)


def _raise(reason, tasks, where):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    report = hostlink.host.halted(reason, json.dumps({'tasks': tasks, 'where': where}))
    exc = hostlink.LoopscopeHalt(reason, report)
    hostlink.halt = exc
    # Unwinding leaves pending tasks and futures behind; their "destroyed but pending" warnings are noise.
    gc.disable()
    from asyncio import events

    running = events._get_running_loop()
    if running is not None:
        running.set_exception_handler(lambda loop, context: None)
    raise exc


def on_halt_signal(signum, frame):
    """Signal handler: the session asked to stop (--max-wall, terminate) while Python code was running."""
    if hostlink.halt is not None:
        raise hostlink.halt
    site = tasks_info.user_site(frame)
    where = None if site is None else {'path': site[0], 'line': site[1], 'function': _function_at(frame)}
    from asyncio import events

    loop = events._get_running_loop()
    tasks = []
    if loop is not None and hasattr(loop, '_lid'):
        try:
            tasks = tasks_info.snapshot(loop)
        except Exception:
            tasks = []
    _raise(hostlink.host.haltReason() or 'maxWall', tasks, where)


def _function_at(frame):
    while frame is not None:
        if tasks_info.is_user_file(frame.f_code.co_filename):
            return frame.f_code.co_qualname
        frame = frame.f_back
    return None
