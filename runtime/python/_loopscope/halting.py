"""Stopping a program on the runtime's decision: deadlock, --max-time, --max-wall (even inside `while True:`)."""
import gc
import json
import sys
from asyncio import events, runners

from . import hostlink, tasks_info

blocking_calls = {}
"""The code of the runtime's side of a blocking call -> the call's name (clock registers time.sleep's), so
where_at can say what the program was held in."""


def _reason(status):
    ops = hostlink.ops
    if status == ops.deadlock:
        return 'deadlock'
    if status == ops.max_time:
        return 'maxTime'
    return hostlink.host.haltReason() or 'maxWall'


def stop_before_halt(loop, status):
    """Under the debugger a deadlock stops the program before ending it. True when it stopped: the loop looks
    once more, as the user may have cancelled a task or set an event meanwhile."""
    debugger = hostlink.debugger
    if debugger is None or loop is None or status != hostlink.ops.deadlock:
        return False
    return debugger.stop_before_deadlock_halt(_deadlock_summary(tasks_info.snapshot(loop)))


_SUMMARY_TASKS = 3


def _deadlock_summary(tasks):
    """One line for the stopped event: what the first tasks wait on."""
    waiting = [f"{task['name']} {task['coroutine']}() awaits {task['awaiting']}" for task in tasks[:_SUMMARY_TASKS]]
    if len(tasks) > _SUMMARY_TASKS:
        waiting.append(f'{len(tasks) - _SUMMARY_TASKS} more tasks')
    tail = ('; '.join(waiting) + '. ') if waiting else ''
    return f'Deadlock: no task can ever run again. {tail}Continue ends the run with the report.'


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
    running = events._get_running_loop()
    if running is not None:
        running.set_exception_handler(lambda loop, context: None)
    raise exc


def on_halt_signal(signum, frame):
    """Signal handler: the session asked to stop (--max-wall, terminate) while Python code was running."""
    if hostlink.halt is not None:
        raise hostlink.halt
    where = where_at(frame)
    loop = events._get_running_loop()
    tasks = []
    reason = hostlink.host.haltReason() or 'maxWall'
    # A terminate prints no report: the tasks are not described (with 100,000 of them that took seconds).
    if reason != 'terminate' and loop is not None and hasattr(loop, '_lid'):
        try:
            tasks = tasks_info.snapshot(loop)
        except Exception:
            tasks = []
    _raise(reason, tasks, where)


def where_at(frame):
    """Where the program was when the halt came: its innermost frame of user code (file, line, function), and
    the blocking call it was held in, when the runtime's side of one is on the stack below it."""
    blocking = None
    while frame is not None:
        code = frame.f_code
        call = blocking_calls.get(code)
        if call is not None:
            blocking = call
        elif tasks_info.is_user_file(code.co_filename):
            where = {'path': code.co_filename, 'line': frame.f_lineno, 'function': code.co_qualname}
            if blocking is not None:
                where['blocking'] = blocking
            return where
        frame = frame.f_back
    return None


def install():
    """asyncio.run (Runner.close) cancels every task left and runs the loop until they finish. Once the runtime
    halts the program, the loop runs nothing more (it re-raises the halt at once), so that work only delays the
    end: with 100,000 tasks, over a second of a terminate. It is skipped; no code of the program would have run."""
    cancel_all = runners._cancel_all_tasks

    def _cancel_all_tasks(loop):
        if hostlink.halt is not None:
            raise hostlink.halt
        cancel_all(loop)

    runners._cancel_all_tasks = _cancel_all_tasks
