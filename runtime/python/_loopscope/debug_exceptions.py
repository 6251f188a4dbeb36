"""Exceptions for the debugger: what an exception stop reports (type, message, traceback, the frames of a stop
after it unwound). The stops that are not raise events are the debugger's (debugger.uncaught, loop_exception)."""
import collections
import traceback

from .user_code import is_runtime_frame

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
        if not is_runtime_frame(tb.tb_frame):
            frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    frames.reverse()
    return list(frames)
