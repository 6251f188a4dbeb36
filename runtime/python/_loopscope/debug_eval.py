"""Evaluation while stopped: hover, watch and console expressions in a frame, `await` in the console (on a
private loop, so the paused loop is untouched), and completions."""
import ast
import asyncio
import builtins
import rlcompleter
from asyncio import events, tasks

from . import debug_frames, hostlink
from .loop import LoopscopeEventLoop

_HOVER_NODES = (ast.Expression, ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.Load, ast.Slice, ast.UnaryOp, ast.USub)


def _frame(frame_id):
    if frame_id is None:
        frame = debug_frames.stopped_frame()
        if frame is None:
            # At the call: the program's module is __main__ only once it runs.
            import __main__

            return None, vars(__main__), vars(__main__)
        return frame, frame.f_globals, frame.f_locals
    frame, _thread = debug_frames.frame_by_id(frame_id)
    return frame, frame.f_globals, frame.f_locals


def evaluate(frame_id, expression, context):
    frame, global_names, local_names = _frame(frame_id)
    value = _run(expression, global_names, local_names, context)
    if value is _NO_VALUE:
        return {'name': '', 'value': '', 'type': '', 'reference': 0}
    return debug_frames.describe('', value, frame, expression if context != 'repl' or _is_expression(expression) else None)


def evaluate_value(text, frame):
    global_names = frame.f_globals if frame is not None else {}
    local_names = frame.f_locals if frame is not None else {}
    return _run(text, global_names, local_names, 'setVariable')


def set_variable(reference, name, value_text):
    """The debugger's setVariable: `value_text` evaluated where the variable lives, then assigned."""
    value = evaluate_value(value_text, debug_frames.reference_frame(reference))
    return debug_frames.set_variable(reference, name, value)


class _NoValue:
    pass


_NO_VALUE = _NoValue()


def _is_expression(text):
    try:
        ast.parse(text, mode='eval')
        return True
    except SyntaxError:
        return False


def _run(text, global_names, local_names, context):
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    try:
        tree = ast.parse(text, mode='eval')
        mode = 'eval'
    except SyntaxError:
        if context in ('hover', 'watch', 'setVariable'):
            raise
        tree = ast.parse(text, mode='exec')
        mode = 'exec'
    if context == 'hover' and not all(isinstance(node, _HOVER_NODES) for node in ast.walk(tree)):
        raise ValueError('only names, attributes and subscripts are evaluated on hover')
    code = compile(tree, '<debug console>', mode, flags=flags, dont_inherit=True)
    result = eval(code, global_names, local_names)
    if asyncio.iscoroutine(result) and code.co_flags & 0x80:
        result = _run_awaitable(result)
    return result if mode == 'eval' else _NO_VALUE


class _EvaluationLoop:
    """Factory for the private loop an `await` in the console runs on."""

    @staticmethod
    def create():
        class EvaluationLoop(LoopscopeEventLoop):
            _loopscope_eval = True

            def _halt_from_status(self, status):
                if status == hostlink.ops.deadlock:
                    raise RuntimeError('the awaited expression can never finish here: while the program is paused only what it awaits runs')
                raise RuntimeError('the awaited expression was stopped')

        loop = EvaluationLoop()
        loop._instrumented = False
        loop._run_batch = LoopscopeEventLoop._run_batch.__get__(loop)
        loop.set_exception_handler(lambda loop, context: None)
        return loop


def _run_awaitable(coroutine):
    """Runs a console `await` to completion on a private loop; the paused loop, its current task and the
    virtual clock are restored afterwards, so the program does not see the evaluation happen."""
    outer = events._get_running_loop()
    current = tasks.current_task(outer) if outer is not None else None
    saved_time = hostlink.host.clockNow()
    if current is not None:
        tasks._leave_task(outer, current)
    events._set_running_loop(None)
    loop = _EvaluationLoop.create()
    try:
        # Named, so asyncio's Task-N counter (and so the program's later task names) does not move.
        return loop.run_until_complete(loop.create_task(coroutine, name='loopscope-console'))
    finally:
        try:
            for task in asyncio.all_tasks(loop):
                task.cancel()
            loop.close()
        except Exception:
            pass
        events._set_running_loop(outer)
        if current is not None:
            tasks._enter_task(outer, current)
        hostlink.host.setClock(saved_time)


def completions(frame_id, text, column):
    _frame_obj, global_names, local_names = _frame(frame_id)
    prefix = text[: max(0, column - 1)] if column else text
    start = len(prefix)
    while start > 0 and (prefix[start - 1].isalnum() or prefix[start - 1] in '_.'):
        start -= 1
    word = prefix[start:]
    namespace = dict(vars(builtins))
    namespace.update(global_names)
    try:
        namespace.update(local_names)
    except Exception:
        pass
    completer = rlcompleter.Completer(namespace)
    found = []
    if '.' in word:
        # Attribute completion evaluates the part before the dot; only for plain dotted names.
        head = word.rsplit('.', 1)[0]
        if not all(part.isidentifier() for part in head.split('.')):
            return []
    state = 0
    while len(found) < 200:
        try:
            match = completer.complete(word, state)
        except Exception:
            break
        if match is None:
            break
        label = match.rstrip('(')
        if label not in found:
            found.append(label)
        state += 1
    tail = word.rsplit('.', 1)[-1]
    return [{'label': label.rsplit('.', 1)[-1] if '.' in word else label, 'text': label.rsplit('.', 1)[-1] if '.' in word else label, 'start': start + len(word) - len(tail), 'length': len(tail)} for label in found]
