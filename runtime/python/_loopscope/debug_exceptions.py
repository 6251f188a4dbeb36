"""Exceptions for the debugger: what an exception stop reports (type, message, traceback) and the two stops
that are not raise events: an exception about to end the program, and a task exception nobody retrieved."""
import collections
import traceback

from . import debugger as engine
from . import hostlink, tasks_info

_DEEPEST = 1000
"""Innermost frames of a traceback a stop formats and shows: a recursion a million frames deep (after
sys.setrecursionlimit) took minutes to format, and the debugger seemed to hang on its RecursionError."""


def details(exception, category):
    """What an exception stop reports (protocol/runtimeDebug.ts ExceptionDetails)."""
    depth = 0
    tb = exception.__traceback__
    while tb is not None:
        depth += 1
        tb = tb.tb_next
    if depth <= _DEEPEST:
        text = ''.join(traceback.format_exception(type(exception), exception, exception.__traceback__))
    else:
        lines = traceback.format_exception(type(exception), exception, exception.__traceback__, limit=-_DEEPEST)
        header = 'Traceback (most recent call last):\n'
        at = lines.index(header) + 1 if header in lines else 0
        lines.insert(at, f'  [{depth - _DEEPEST} outer frames not shown]\n')
        text = ''.join(lines)
    module = type(exception).__module__
    qualified = type(exception).__qualname__ if module in ('builtins', None) else f'{module}.{type(exception).__qualname__}'
    return {
        'filter': category,
        'typeName': type(exception).__qualname__,
        'fullTypeName': qualified,
        'message': str(exception),
        'traceback': text,
    }


def traceback_frames(exception):
    """(frame, line) of a traceback, innermost first, without the runtime's own frames: the stack of a stop
    after the exception has unwound (its innermost `_DEEPEST` frames)."""
    frames = collections.deque(maxlen=_DEEPEST)
    tb = exception.__traceback__
    while tb is not None:
        if not engine.is_runtime_frame(tb.tb_frame):
            frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    frames.reverse()
    return list(frames)


def uncaught(exception):
    """The program is about to end with `exception` (called before the traceback is printed). Returns True
    when it reported the exception itself (a syntax error in the program: shown at its line, no stop)."""
    if isinstance(exception, (SystemExit, hostlink.LoopscopeHalt)) or engine._busy:
        return False
    frames = traceback_frames(exception)
    if isinstance(exception, SyntaxError) and not any(engine.is_user_frame(frame) for frame, _line in frames):
        text = ''.join(traceback.format_exception_only(type(exception), exception))
        hostlink.host.debugLog(text, exception.filename or '', int(exception.lineno or 0), 'stderr')
        return True
    if 'uncaught' in engine.filters and engine._count >= engine._stop_at:
        engine._stop('exception', None, exception=details(exception, 'uncaught'), traceback_frames=frames, thread=0)
    return False


def loop_exception(context):
    """asyncio's exception handler is about to report a task whose exception nobody retrieved."""
    exception = context.get('exception')
    if 'taskNeverRetrieved' not in engine.filters or engine._busy or exception is None or engine._count < engine._stop_at:
        return
    if 'never retrieved' not in str(context.get('message', '')):
        return
    info = details(exception, 'taskNeverRetrieved')
    task = context.get('future') or context.get('task')
    if task is not None:
        info['task'] = f'{task.get_name()} {tasks_info.coroutine_name(task)}()'
    engine._stop('exception', None, exception=info, traceback_frames=traceback_frames(exception), thread=0)
