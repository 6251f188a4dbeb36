"""The debugger inside the runtime: watches lines, returns and raises with sys.monitoring (PEP 669), decides
where to stop (breakpoints, steps that understand await, exceptions, pause, a replay position) and blocks in
the host while stopped. It speaks in tasks, frames and positions; the debug adapter translates to DAP.

Positions: every line executed in user code (not the standard library, not this runtime) counts one. The
count depends only on the program and its inputs, so a re-run can stop at any earlier position (step back).
"""
import asyncio
import json
import sys
import traceback
from asyncio import events as _events
from asyncio import exceptions as _aexc
from asyncio import tasks as _tasks

from . import debug_breakpoints as breakpoints
from . import clock, debug_exceptions, debug_frames, hostlink, tasks_info
from .executor import SimulatedExecutorMixin
from .loop import LoopscopeEventLoop
from .user_code import is_runtime_frame

_mon = sys.monitoring
_E = _mon.events
_TOOL = _mon.DEBUGGER_ID
_DISABLE = _mon.DISABLE

_LIBRARY, _USER, _WATCHED, _RUNTIME = 0, 1, 2, 3
_kinds = {}
"""code object -> kind; cleared when breakpoints change (kind _WATCHED = a file with line breakpoints)."""

just_my_code = True
filters = frozenset()

_count = 0
"""Position: user lines executed so far."""
_last = 0
_prev = 0
"""Positions of the last two lines of the running thread (task or loop)."""
_thread = 0
"""Task id of the running task, 0 outside tasks (callbacks, top level)."""
_thread_task = None
_thread_lines = {}
_busy = False
"""True while stopped or evaluating: nothing counts, nothing stops."""
evaluating = False
_watch = False
"""True when every user line must be looked at (a step, a pause, a function breakpoint's first line)."""
_stop_at = -1
_stop_at_reason = 'step'
_step = None
_pause = False
_function_entry = None
_last_exception = None
_breakpoint_positions = []
_return_codes = set()
_library_watch = False

_callbacks_run = 0
"""Loop callbacks run by the program so far (not by evaluations): the same in every re-run."""
_checkpoints = []
"""(callbacks_run, count, last, prev, thread_lines) between callbacks, oldest first (see _note_checkpoint)."""
_checkpoint_every = 2000
_next_checkpoint = 2000
_resume_at = None
"""The checkpoint a re-run runs unwatched to, or None."""
_park = None
"""A re-run made ahead of a step back: 'ahead' (stop at that checkpoint and wait to be told where to go), then
'waited' once it did; None for any other run."""
MAX_CHECKPOINTS = 64


class _Step:
    __slots__ = ('kind', 'thread', 'frame', 'watch', 'awaiters', 'new_task', 'reason')

    def __init__(self, kind, thread, frame, reason='step'):
        self.kind = kind
        self.thread = thread
        self.frame = frame
        self.watch = frame
        self.awaiters = None
        self.new_task = None
        self.reason = reason


# -- classification ----------------------------------------------------------------------------


def _classify(code):
    name = code.co_filename
    if name.startswith('/lib/loopscope/'):
        kind = _RUNTIME
    elif name.startswith(('/lib/', '<')) or name.startswith(hostlink.library_folders):
        kind = _LIBRARY
    elif breakpoints.normalize(name) in breakpoints.by_file:
        kind = _WATCHED
    else:
        kind = _USER
    _kinds[code] = kind
    return kind


def is_user_frame(frame):
    kind = _kinds.get(frame.f_code)
    if kind is None:
        kind = _classify(frame.f_code)
    return kind == _USER or kind == _WATCHED


# -- monitoring callbacks (hot) ----------------------------------------------------------------


def _on_line(code, line):
    kind = _kinds.get(code)
    if kind is None:
        kind = _classify(code)
    if kind == _LIBRARY:
        if _library_watch and not _busy:
            return _slow(code, line, sys._getframe(1), False)
        return _DISABLE
    if kind == _RUNTIME or _busy:
        return _DISABLE if kind == _RUNTIME else None
    global _count, _last, _prev
    _count += 1
    _prev = _last
    _last = _count
    if kind == _WATCHED or _watch or _count == _stop_at:
        return _slow(code, line, sys._getframe(1), True)
    return None


def _on_start(code, offset):
    if _busy:
        return None
    breakpoint = breakpoints.function_breakpoint(code) if breakpoints.functions else None
    if breakpoint is None:
        return _DISABLE
    kind = _kinds.get(code)
    if kind is None:
        kind = _classify(code)
    if kind == _RUNTIME or _count < _stop_at:
        return None
    global _function_entry, _watch
    decision = breakpoints.decide(breakpoint, sys._getframe(1))
    if decision == 'stop':
        _function_entry = (sys._getframe(1), breakpoint.id)
        _watch = True
    return None


def _on_return(code, offset, value):
    step = _step
    if step is not None and sys._getframe(1) is step.watch:
        _watched_frame_left(step, returned=True)


def _on_unwind(code, offset, exception):
    step = _step
    if step is not None and sys._getframe(1) is step.watch:
        _watched_frame_left(step, returned=False)


def _on_raise(code, offset, exception):
    global _last_exception
    if _busy or id(exception) == _last_exception:
        return
    kind = _kinds.get(code)
    if kind is None:
        kind = _classify(code)
    if kind == _RUNTIME or (kind == _LIBRARY and just_my_code):
        return
    if isinstance(exception, (StopIteration, StopAsyncIteration, GeneratorExit, hostlink.LoopscopeHalt)):
        return
    # Remember only the id: keeping the exception would keep its frames alive and change when the program's
    # objects are freed (and so what a re-run does).
    _last_exception = id(exception)
    category = 'cancellation' if isinstance(exception, _aexc.CancelledError) else 'raised'
    if category not in filters or _count < _stop_at:
        return
    _stop('exception', sys._getframe(1), exception=debug_exceptions.details(exception, category))


# -- decisions (slow path) -----------------------------------------------------------------------


_normalized_paths = {}


def _normalized_path(filename):
    """breakpoints.normalize(filename), computed once per file (every line of a file with breakpoints asks)."""
    path = _normalized_paths.get(filename)
    if path is None:
        path = _normalized_paths[filename] = breakpoints.normalize(filename)
    return path


def _slow(code, line, frame, counted):
    global _function_entry, _pause
    if counted:
        if _count == _stop_at:
            _stop(_stop_at_reason, frame, at_line=True)
            return None
        silent = _count < _stop_at
        table = breakpoints.by_file.get(_normalized_path(code.co_filename)) if _kinds.get(code) == _WATCHED else None
        breakpoint = table.get(line) if table else None
        if breakpoint is not None:
            decision = breakpoints.decide(breakpoint, frame)
            if decision == 'stop' or (type(decision) is tuple and decision[0] == 'error'):
                _breakpoint_positions.append(_count)
                if not silent:
                    if type(decision) is tuple:
                        hostlink.host.debugLog(decision[1] + '\n', code.co_filename, line, 'stderr')
                    _stop('breakpoint', frame, at_line=True, breakpoint_ids=[breakpoint.id])
                    return None
            elif type(decision) is tuple and not silent:
                hostlink.host.debugLog(decision[1] + '\n', code.co_filename, line, 'console')
        if silent:
            return None
        if _function_entry is not None and _function_entry[0] is frame:
            breakpoint_id = _function_entry[1]
            _function_entry = None
            _stop('function breakpoint', frame, at_line=True, breakpoint_ids=[breakpoint_id])
            return None
        if _pause:
            _stop('pause', frame, at_line=True)
            return None
    step = _step
    if step is not None and _reached(step, frame):
        _stop(step.reason, frame, at_line=counted)
    return None


def _reached(step, frame):
    kind = step.kind
    if step.awaiters is not None:
        return _thread in step.awaiters
    if kind == 'any':
        return True
    if kind == 'next' or kind == 'stepOut':
        return frame is step.frame
    if kind == 'stepIn':
        if step.new_task is not None:
            return _thread == step.new_task
        return _thread == step.thread
    if kind == 'nextTask':
        return _thread != step.thread
    return False


def _watched_frame_left(step, returned):
    """The frame a step follows returned (or unwound): stop in its caller at the call (a return), follow the
    caller (an exception: its handler comes next), or follow the tasks awaiting this task."""
    parent = user_caller(step.watch)
    if parent is not None and returned and _count >= _stop_at:
        _stop(step.reason, parent)
        return
    if parent is not None:
        step.watch = parent
        if step.kind in ('next', 'stepOut'):
            step.frame = parent
        _watch_returns(parent.f_code)
        return
    step.watch = None
    step.frame = None
    awaiters = _awaiting_tasks(_thread_task)
    if awaiters:
        step.awaiters = awaiters
    else:
        # Nothing in this task will run again: stop at whatever user code runs next.
        step.kind = 'any'


def user_caller(frame):
    """The nearest user frame that called `frame`, not crossing into the runtime's loop or out of the
    running task (whose outermost coroutine was called by the loop, not by anyone in the task)."""
    task = _thread_task
    if task is not None:
        coro = task.get_coro()
        if frame is (getattr(coro, 'cr_frame', None) or getattr(coro, 'gi_frame', None)):
            return None
    current = frame.f_back
    while current is not None:
        if is_runtime_frame(current):
            return None
        if is_user_frame(current) or not just_my_code:
            return current
        current = current.f_back
    return None


def _awaiting_tasks(task):
    if task is None:
        return None
    try:
        graph = asyncio.capture_call_graph(task)
    except Exception:
        return None
    found = set()
    for node in graph.awaited_by if graph is not None else ():
        future = node.future
        if isinstance(future, _tasks.Task):
            found.add(tasks_info.task_id(future))
    return found or None


def _watch_returns(code):
    if code not in _return_codes:
        _return_codes.add(code)
        _mon.set_local_events(_TOOL, code, _E.PY_RETURN)


def _clear_step():
    global _step, _watch, _library_watch
    _step = None
    for code in _return_codes:
        _mon.set_local_events(_TOOL, code, 0)
    _return_codes.clear()
    _watch = _pause or _function_entry is not None
    _library_watch = False
    _refresh_events()


def _refresh_events():
    if _resume_at is not None:
        # Running unwatched to a checkpoint: nothing before it is looked at.
        _mon.set_events(_TOOL, 0)
        return
    events = _E.LINE
    if breakpoints.functions:
        events |= _E.PY_START
    if filters & {'raised', 'cancellation'}:
        events |= _E.RAISE
    if _step is not None:
        events |= _E.PY_UNWIND
    _mon.set_events(_TOOL, events)


# -- threads ---------------------------------------------------------------------------------------


def _switch(thread, task):
    global _thread, _thread_task, _last, _prev
    if thread == _thread:
        return
    _thread_lines[_thread] = (_last, _prev)
    _thread = thread
    _thread_task = task
    _last, _prev = _thread_lines.pop(thread, (0, 0))


def _make_run_step(original):
    def run_step(loop, handle):
        if getattr(loop, '_loopscope_eval', False):
            original(loop, handle)
            return
        global _callbacks_run
        _callbacks_run += 1
        if _resume_at is not None:
            if _callbacks_run != _resume_at[0]:
                # On the way to the checkpoint nothing is watched: which thread runs does not matter yet.
                original(loop, handle)
                return
            _arrive_at_checkpoint()
        elif _count >= _next_checkpoint and _thread == 0 and not _busy:
            _note_checkpoint()
        task = getattr(handle._callback, '__self__', None)
        if task is None or not isinstance(task, _tasks.Task):
            original(loop, handle)
            return
        thread = tasks_info.task_id(task, loop)
        _switch(thread, task)
        step = _step
        if step is not None and step.awaiters is not None and _thread in step.awaiters and _count >= _stop_at and not _busy:
            # A step off the end of a task lands in a task that awaited it, where that task resumes: often inside
            # library code (a TaskGroup's exit, gather), with no new line of its own to stop at.
            frame = _innermost_user_frame(task)
            if frame is not None:
                _stop(step.reason, frame)
        try:
            original(loop, handle)
        finally:
            _switch(0, None)
            if task.done():
                # A finished task never runs again: its last lines are not needed (nor kept in checkpoints).
                _thread_lines.pop(thread, None)

    return run_step


# -- checkpoints (fast re-runs) ----------------------------------------------------------------------


def _note_checkpoint():
    """Between callbacks (on the event-loop thread): remember where every thread is. At most MAX_CHECKPOINTS
    are kept, evenly spread: when full, every other one goes and they are taken half as often."""
    global _checkpoint_every, _next_checkpoint
    _checkpoints.append((_callbacks_run, _count, _last, _prev, dict(_thread_lines)))
    if len(_checkpoints) > MAX_CHECKPOINTS:
        _checkpoints[:] = _checkpoints[::-1][::2][::-1]
        _checkpoint_every *= 2
    _next_checkpoint = _count + _checkpoint_every


def _plain_breakpoints():
    """Breakpoints that only stop: a re-run that skips their hits (on its way to a checkpoint) changes nothing.
    A condition or a log message runs code, and a hit count counts: then a re-run must see every hit."""
    for table in breakpoints.by_file.values():
        for breakpoint in table.values():
            if breakpoint.condition or breakpoint.hit_condition or breakpoint.log_message is not None:
                return False
    return not any(
        breakpoint.condition or breakpoint.hit_condition or breakpoint.log_message is not None
        for breakpoint in breakpoints.functions.values()
    )


def checkpoint_before(position):
    """The last checkpoint from which a re-run reaches `position` (its line not yet run), as the session hands it
    to the re-run's start, or None (no checkpoint before it, or breakpoints that must see every hit)."""
    if not _plain_breakpoints():
        return None
    best = None
    for checkpoint in _checkpoints:
        if checkpoint[1] >= position:
            break
        best = checkpoint
    if best is None:
        return None
    callbacks, count, last, prev, thread_lines = best
    return {
        'callbacks': callbacks,
        'position': count,
        'last': last,
        'prev': prev,
        'threads': [[thread, lines[0], lines[1]] for thread, lines in thread_lines.items()],
        'breakpointPositions': [hit for hit in _breakpoint_positions if hit <= count],
    }


def _arrive_at_checkpoint():
    """The re-run reached its checkpoint: take over its counts, and watch lines from here on."""
    global _resume_at, _count, _last, _prev, _breakpoint_positions, _next_checkpoint, _park
    checkpoint = _resume_at
    _resume_at = None
    callbacks, count, last, prev, thread_lines, hits = checkpoint
    _count, _last, _prev = count, last, prev
    _thread_lines.clear()
    _thread_lines.update(thread_lines)
    _breakpoint_positions = hits
    _checkpoints.append((callbacks, count, last, prev, dict(thread_lines)))
    _next_checkpoint = _count + _checkpoint_every
    _refresh_events()
    if _park == 'ahead':
        _park = 'waited'
        _stop('checkpoint', None, thread=0)


def task_created(task):
    """Called by the loop for every new task: a stepIn over create_task() goes to the new task."""
    step = _step
    if step is not None and step.kind == 'stepIn' and step.new_task is None and _thread == step.thread and not _busy:
        step.new_task = tasks_info.task_id(task)


# -- stopping --------------------------------------------------------------------------------------


def _stop(reason, frame, at_line=False, breakpoint_ids=(), exception=None, traceback_frames=None, thread=None, description=None):
    """Report a stop and wait. `at_line`: at the start of line `_count` (step back goes to the line before);
    otherwise within or after line `_count` (step back goes to its start)."""
    global _busy, _pause, _function_entry, _step
    # Busy from the first line: a pause signal that arrives while the stop is being prepared belongs to this
    # stop (on_pause_signal ignores it); were it taken for a new request, the next user line would stop again.
    _busy = True
    try:
        _step = None
        _pause = False
        _function_entry = None
        _clear_step()
        stopped_thread = _thread if thread is None else thread
        task = _thread_task if thread is None else None
        _flush_journal()
        debug_frames.begin_stop(frame, stopped_thread, task, traceback_frames)
        try:
            location = debug_frames.top_location()
            previous = [position for position in _breakpoint_positions if position < _count]
            info = {
                'reason': reason,
                'taskId': stopped_thread or None,
                'position': _count,
                'previousInTask': _previous_in_task(at_line) if frame is not None and thread is None else None,
                'previousBreakpoint': previous[-1] if previous else None,
                'path': location[0] if location else None,
                'line': location[1] if location else None,
                'breakpointIds': list(breakpoint_ids),
                'exception': exception,
                'time': _loop_time(),
            }
            if description is not None:
                info['description'] = description
            reply = hostlink.host.debugStopped(json.dumps(info))
        finally:
            debug_frames.end_stop()
    finally:
        _busy = False
    _resume(json.loads(reply), frame)


def _resume(command, frame):
    global _step, _watch, _library_watch, _stop_at, _stop_at_reason
    mode = command.get('mode', 'continue')
    if mode == 'continue':
        return
    if mode == 'runTo':
        _stop_at = int(command['position'])
        _stop_at_reason = command.get('reason') or 'step'
        return
    target = command.get('taskId')
    thread = _thread
    if target is not None and target != _thread:
        thread = target
        task = tasks_info.task_by_id(int(target))
        frame = _innermost_user_frame(task) if task is not None else None
        if frame is None:
            mode = 'nextTask' if mode == 'nextTask' else 'stepIn'
    step = _Step(mode, thread, frame)
    if mode in ('next', 'stepOut'):
        if frame is None:
            step.kind = 'any'
        else:
            _watch_returns(frame.f_code)
            if mode == 'stepOut':
                step.frame = None
    elif mode == 'stepIn':
        if frame is not None:
            _watch_returns(frame.f_code)
    elif mode == 'pause':
        step.kind = 'any'
        step.reason = 'pause'
    _step = step
    _watch = True
    if not just_my_code and mode in ('stepIn', 'any'):
        _library_watch = True
        _mon.restart_events()
    _refresh_events()


def _innermost_user_frame(task):
    frames = tasks_info._coroutine_frames(task)
    for frame in reversed(frames):
        if is_user_frame(frame):
            return frame
    return None


def _previous_in_task(at_line):
    position = _prev if at_line else _last
    return position if position > 0 else None


def _flush_journal():
    """Hand the loop's pending records (this task's step start, new tasks) to the worker before reporting a stop."""
    loop = _events._get_running_loop()
    flush = getattr(loop, '_flush', None)
    if flush is not None and not getattr(loop, '_loopscope_eval', False):
        flush()


def _loop_time():
    return clock.state[0]


def on_pause_signal(frame):
    """Signal handler path (the session asked for a pause, or an evaluation ran out of time)."""
    global _pause, _watch
    if evaluating:
        raise TimeoutError('the evaluation took too long and was interrupted')
    if not _busy:
        hostlink.host.signalCommands()
    if _busy or not hostlink.host.pauseRequested():
        return
    current = frame
    while current is not None and not is_runtime_frame(current):
        if is_user_frame(current) and _count >= _stop_at:
            _stop('pause', current)
            return
        current = current.f_back
    _pause = True
    _watch = True


def stop_between_iterations():
    """The loop is between iterations (or idle) and a pause was asked for: stop on the event-loop thread."""
    if _busy or _count < _stop_at:
        return False
    global _pause
    _pause = False
    frame = sys._getframe(1)
    _stop('pause', frame, thread=0)
    return True


# -- set-up --------------------------------------------------------------------------------------------


def install():
    _mon.use_tool_id(_TOOL, 'loopscope')
    _mon.register_callback(_TOOL, _E.LINE, _on_line)
    _mon.register_callback(_TOOL, _E.PY_START, _on_start)
    _mon.register_callback(_TOOL, _E.PY_RETURN, _on_return)
    _mon.register_callback(_TOOL, _E.PY_UNWIND, _on_unwind)
    _mon.register_callback(_TOOL, _E.RAISE, _on_raise)
    tasks_info.run_step = _make_run_step(tasks_info.run_step)
    start_job = SimulatedExecutorMixin._start_job

    def _start_job(self, job_id):
        # An executor job is another (simulated) thread, not the task that submitted it: its lines belong
        # to the event-loop thread, so stepping and step back in the task go around it.
        thread, task = _thread, _thread_task
        _switch(0, None)
        try:
            return start_job(self, job_id)
        finally:
            _switch(thread, task)

    SimulatedExecutorMixin._start_job = _start_job

    original = LoopscopeEventLoop.call_exception_handler

    def call_exception_handler(self, context):
        if not getattr(self, '_loopscope_eval', False):
            _loop_exception(context)
        return original(self, context)

    LoopscopeEventLoop.call_exception_handler = call_exception_handler
    hostlink.debugger = sys.modules[__name__]


def uncaught(exception):
    """program.run's hook: the program is about to end with `exception` (called before the traceback is printed).
    Returns True when it reported the exception itself (a syntax error in the program: shown at its line, no stop)."""
    if isinstance(exception, (SystemExit, hostlink.LoopscopeHalt)) or _busy:
        return False
    frames = debug_exceptions.traceback_frames(exception)
    if isinstance(exception, SyntaxError) and not any(is_user_frame(frame) for frame, _line in frames):
        text = ''.join(traceback.format_exception_only(type(exception), exception))
        hostlink.host.debugLog(text, exception.filename or '', int(exception.lineno or 0), 'stderr')
        return True
    if 'uncaught' in filters and _count >= _stop_at:
        _stop('exception', None, exception=debug_exceptions.details(exception, 'uncaught'), traceback_frames=frames, thread=0)
    return False


def _loop_exception(context):
    """asyncio's exception handler is about to report a task whose exception nobody retrieved."""
    exception = context.get('exception')
    if 'taskNeverRetrieved' not in filters or _busy or exception is None or _count < _stop_at:
        return
    if 'never retrieved' not in str(context.get('message', '')):
        return
    info = debug_exceptions.details(exception, 'taskNeverRetrieved')
    task = context.get('future') or context.get('task')
    if task is not None:
        info['task'] = f'{task.get_name()} {tasks_info.coroutine_name(task)}()'
    _stop('exception', None, exception=info, traceback_frames=debug_exceptions.traceback_frames(exception), thread=0)


_halt_stop_position = -1
"""Where the last deadlock stop was taken: the same deadlock at the same position does not stop twice."""


def stop_before_deadlock_halt(description):
    """A deadlock is about to end the run: stop first, so that every task can be inspected (the event-loop
    thread is the stopped one). Returns False when this deadlock already stopped here (end the run now)."""
    global _halt_stop_position
    if _busy or _count < _stop_at or _halt_stop_position == _count:
        return False
    _halt_stop_position = _count
    _stop('deadlock', None, thread=0, description=description)
    return True


def stop_before_replay_halt(description):
    """Called by the runtime inside a call of the program's that its replay cannot answer (the recording ends
    there, or the program went another way): stop at that place before the run ends, so that the state can be
    inspected and the user can go back. The caller's frames are the program's, so the stop shows where it was:
    in a task, or between iterations on the event-loop thread. False when no stop is made."""
    global _halt_stop_position
    if _busy or evaluating or _count < _stop_at or _halt_stop_position == _count:
        return False
    _halt_stop_position = _count
    frame = sys._getframe(1)
    if _thread:
        _stop('pause', frame, description=description)
    else:
        _stop('pause', frame, thread=0, description=description)
    return True


def position():
    """User lines executed so far (the host asks when the program first reaches outside the runtime)."""
    return _count


def start(options):
    """Options from the session at configurationDone: stopOnEntry, stopAt {position, reason}."""
    global _stop_at, _stop_at_reason, _step, _watch, _resume_at, _park
    stop_at = options.get('stopAt')
    if stop_at:
        _stop_at = int(stop_at['position'])
        _stop_at_reason = stop_at.get('reason') or 'step'
        checkpoint = stop_at.get('from')
        if checkpoint and _plain_breakpoints():
            _resume_at = (
                int(checkpoint['callbacks']),
                int(checkpoint['position']),
                int(checkpoint['last']),
                int(checkpoint['prev']),
                {int(thread): (int(last), int(prev)) for thread, last, prev in checkpoint['threads']},
                [int(hit) for hit in checkpoint['breakpointPositions']],
            )
            _park = 'ahead' if stop_at.get('park') else None
    elif options.get('stopOnEntry'):
        _step = _Step('any', 0, None, reason='entry')
        _watch = True
    _refresh_events()


def configure(settings):
    """justMyCode and exception filters (may change while stopped)."""
    global just_my_code, filters
    if 'justMyCode' in settings:
        just_my_code = bool(settings['justMyCode'])
    if 'exceptionFilters' in settings:
        filters = frozenset(settings['exceptionFilters'])
    _refresh_events()
    return None


def breakpoints_changed(function_breakpoints_changed=False):
    _kinds.clear()
    if function_breakpoints_changed:
        _mon.restart_events()
    _refresh_events()
