"""What the debugger shows while the program is stopped: each thread's frames (a task's await chain, the
loop's own stack), their scopes, and variables as a tree of handles. Ids stay valid until the program resumes.
"""
import asyncio
import reprlib

from . import hostlink, tasks_info

_stop = None
_frames = {}
"""frame id -> (frame, line, thread)"""
_stacks = {}
"""thread -> [frame id, ...] innermost first"""
_handles = {}
_next_id = [1]

_repr = reprlib.Repr(maxlevel=2, maxstring=160, maxlong=60, maxother=200, maxlist=12, maxdict=12, maxset=12, maxtuple=12, maxdeque=12, maxarray=12)
_LEAVES = (int, float, complex, str, bytes, bool, type(None), type(Ellipsis))
_MAX_CHILDREN = 1000


def _new_id():
    value = _next_id[0]
    _next_id[0] = value + 1
    return value


def _is_runtime(frame):
    return frame.f_code.co_filename.startswith('/lib/loopscope/')


def _is_library(frame):
    name = frame.f_code.co_filename
    return name.startswith(('/lib/', '<')) or name.startswith(hostlink.library_folders)


# -- the stop --------------------------------------------------------------------------------------


def begin_stop(frame, thread, task, traceback_frames=None):
    global _stop
    _stop = {'frame': frame, 'thread': thread, 'task': task, 'traceback': traceback_frames}


def end_stop():
    global _stop
    _stop = None
    _frames.clear()
    _stacks.clear()
    _handles.clear()


def top_location():
    frames = _thread_frames(_stop['thread']) if _stop else []
    for frame, line in frames:
        if not _is_library(frame):
            return frame.f_code.co_filename, line
    if frames:
        return frames[0][0].f_code.co_filename, frames[0][1]
    return None


def stopped_frame():
    """The frame the program stopped in (evaluations default to it)."""
    if _stop is None:
        return None
    frames = _thread_frames(_stop['thread'])
    for frame, _line in frames:
        if not _is_library(frame):
            return frame
    return frames[0][0] if frames else None


def _live_stack(frame, task):
    """frame, its callers, up to the task's outermost coroutine (or the whole stack outside tasks)."""
    top = None
    if task is not None:
        coro = task.get_coro()
        top = getattr(coro, 'cr_frame', None) or getattr(coro, 'gi_frame', None)
    result = []
    current = frame
    while current is not None:
        if not _is_runtime(current):
            result.append((current, current.f_lineno))
        if current is top:
            break
        current = current.f_back
    return result, current


def _thread_frames(thread):
    stop = _stop
    if stop is None:
        return []
    if thread == stop['thread']:
        if stop['traceback'] is not None:
            return stop['traceback']
        if stop['frame'] is None:
            return []
        return _live_stack(stop['frame'], stop['task'])[0]
    if thread == 0:
        # Stopped in a task: the loop thread is everything below the task (run_until_complete, top level).
        if stop['frame'] is None:
            return []
        _, top = _live_stack(stop['frame'], stop['task'])
        result = []
        current = top.f_back if top is not None else None
        while current is not None:
            if not _is_runtime(current):
                result.append((current, current.f_lineno))
            current = current.f_back
        return result
    task = tasks_info.task_by_id(thread)
    if task is None or task.done():
        return []
    return [(frame, frame.f_lineno) for frame in reversed(tasks_info._coroutine_frames(task))]


def stack(thread):
    """Frames of a thread (task id, 0: the loop), innermost first, as plain data."""
    ids = _stacks.get(thread)
    if ids is None:
        ids = []
        for frame, line in _thread_frames(thread):
            frame_id = _new_id()
            _frames[frame_id] = (frame, line, thread)
            ids.append(frame_id)
        _stacks[thread] = ids
    result = []
    for frame_id in ids:
        frame, line, _ = _frames[frame_id]
        code = frame.f_code
        result.append({'id': frame_id, 'name': code.co_qualname, 'path': code.co_filename, 'line': line, 'library': _is_library(frame)})
    return result


def frame_by_id(frame_id):
    entry = _frames.get(int(frame_id))
    if entry is None:
        raise LookupError(f'unknown frame {frame_id} (frames are valid only until the program resumes)')
    return entry[0], entry[2]


# -- scopes and variables --------------------------------------------------------------------------


def scopes(frame_id):
    frame, thread = frame_by_id(frame_id)
    result = []
    if frame.f_code.co_name != '<module>':
        result.append({'name': 'Locals', 'kind': 'locals', 'reference': _handle(('locals', frame, frame)), 'expensive': False})
    result.append({'name': 'Globals', 'kind': 'globals', 'reference': _handle(('globals', frame, frame)), 'expensive': False})
    task = tasks_info.task_by_id(thread) if thread else None
    if task is not None:
        result.append({'name': 'Task', 'kind': 'task', 'reference': _handle(('task', task, frame)), 'expensive': False})
    return result


def _handle(entry):
    reference = _new_id()
    _handles[reference] = entry
    return reference


def _entry(reference):
    entry = _handles.get(int(reference))
    if entry is None:
        raise LookupError(f'unknown variables reference {reference} (valid only until the program resumes)')
    return entry


def safe_repr(value):
    try:
        return _repr.repr(value)
    except BaseException as error:  # noqa: B036 - user __repr__ may raise anything, even a timeout
        if isinstance(error, (SystemExit, KeyboardInterrupt)):
            raise
        return f'<repr failed: {type(error).__name__}: {error}>'


def describe(name, value, frame, evaluate_name=None):
    """One variable as plain data; containers and objects get a reference to their children."""
    info = {'name': name, 'value': safe_repr(value), 'type': type(value).__qualname__, 'reference': 0}
    if evaluate_name is not None:
        info['evaluateName'] = evaluate_name
    if isinstance(value, _LEAVES):
        return info
    kind, count = _child_kind(value)
    if kind is None:
        return info
    info['reference'] = _handle(('value', value, frame, evaluate_name))
    if kind == 'indexed':
        info['indexed'] = count
    elif count is not None:
        info['named'] = count
    return info


def _child_kind(value):
    if isinstance(value, (list, tuple, range)) or type(value).__name__ == 'deque':
        try:
            return 'indexed', len(value)
        except Exception:
            return None, None
    if isinstance(value, (set, frozenset)):
        return 'indexed', len(value)
    if isinstance(value, dict):
        return 'named', len(value)
    if isinstance(value, asyncio.Future):
        return 'named', None
    if callable(value) and not hasattr(value, '__dict__'):
        return None, None
    if _attributes(value):
        return 'named', None
    return None, None


def _attributes(value):
    names = []
    try:
        names.extend(name for name in vars(value) if not (name.startswith('__') and name.endswith('__')))
    except TypeError:
        pass
    for klass in type(value).__mro__:
        for slot in getattr(klass, '__slots__', ()) if not isinstance(getattr(klass, '__slots__', ()), str) else (klass.__slots__,):
            if slot not in names and not slot.startswith('__') and hasattr(value, slot):
                names.append(slot)
    return names


def variables(reference, start=0, count=0):
    entry = _entry(reference)
    kind = entry[0]
    frame = entry[2]
    if kind == 'locals':
        items = [(name, value, name) for name, value in entry[1].f_locals.items()]
    elif kind == 'globals':
        items = [(name, value, name) for name, value in entry[1].f_globals.items() if not (name.startswith('__') and name.endswith('__'))]
    elif kind == 'task':
        items = _task_items(entry[1])
    else:
        items = _children(entry[1], entry[3])
    total = len(items)
    if count:
        items = items[start:start + count]
    elif start:
        items = items[start:]
    result = [describe(name, value, frame, evaluate_name) for name, value, evaluate_name in items[:_MAX_CHILDREN]]
    if not count and total > _MAX_CHILDREN:
        result.append({'name': '…', 'value': f'{total - _MAX_CHILDREN} more', 'type': '', 'reference': 0})
    return result


def _child_name(parent, suffix):
    return None if parent is None else f'{parent}{suffix}'


def _children(value, evaluate_name):
    if isinstance(value, asyncio.Future):
        return _task_items(value) if isinstance(value, asyncio.Task) else _future_items(value)
    if isinstance(value, dict):
        return [(safe_repr(key), item, _child_name(evaluate_name, f'[{key!r}]')) for key, item in value.items()]
    if isinstance(value, (set, frozenset)):
        return [(str(index), item, None) for index, item in enumerate(value)]
    if isinstance(value, (list, tuple, range)) or type(value).__name__ == 'deque':
        return [(str(index), item, _child_name(evaluate_name, f'[{index}]')) for index, item in enumerate(value)]
    items = []
    for name in _attributes(value):
        try:
            items.append((name, getattr(value, name), _child_name(evaluate_name, f'.{name}')))
        except Exception as error:
            items.append((name, error, None))
    return items


def _future_items(future):
    state = 'cancelled' if future.cancelled() else 'done' if future.done() else 'pending'
    items = [('state', state, None)]
    if future.done() and not future.cancelled():
        exception = future.exception()
        items.append(('exception', exception, None) if exception is not None else ('result', future.result(), None))
    return items


def _task_items(task):
    """The Task scope: what the task is and what it waits on."""
    identifier = tasks_info.task_id(task)
    if task.done():
        state = 'cancelled' if task.cancelled() else 'failed' if task.exception() is not None else 'done'
    else:
        state = 'running' if _stop is not None and _stop['task'] is task else 'pending'
    items = [
        ('name', task.get_name(), None),
        ('id', identifier, None),
        ('state', state, None),
        ('coroutine', tasks_info.coroutine_name(task) + '()', None),
    ]
    if state == 'pending':
        # The stopped task is running, and a finished one waits for nothing: only a suspended task awaits.
        items.append(('awaiting', tasks_info.describe(task) or 'nothing (ready to run)', None))
    site = tasks_info.creation_site(identifier)
    if site is not None:
        items.append(('created at', f'{site[0]}:{site[1]}', None))
    parent = tasks_info.parent_of(identifier)
    if parent is not None:
        items.append(('parent', parent, None))
    items.append(('task', _TaskObject(task), None))
    return items


class _TaskObject:
    """The Task itself, shown with its own children (cancelling count, context, coroutine)."""

    def __init__(self, task):
        self.coroutine = task.get_coro()
        self.cancelling = task.cancelling()
        self.context = dict(task.get_context()) if hasattr(task, 'get_context') else None
        self._task = task

    def __repr__(self):
        return repr(self._task)


# -- changing values --------------------------------------------------------------------------------


def reference_frame(reference):
    """The frame a variables reference belongs to (what a new value for one of its variables is evaluated in)."""
    return _entry(reference)[2]


def set_variable(reference, name, value):
    """Gives a variable of a reference a new value (evaluated by debug_eval.set_variable); returns its description."""
    entry = _entry(reference)
    kind, target, frame = entry[0], entry[1], entry[2]
    if kind == 'locals':
        target.f_locals[name] = value
        evaluate_name = name
    elif kind == 'globals':
        target.f_globals[name] = value
        evaluate_name = name
    elif kind == 'value':
        parent_name = entry[3]
        if isinstance(target, dict):
            key = next((key for key in target if safe_repr(key) == name), None)
            if key is None:
                raise KeyError(f'no key {name} in this dict')
            target[key] = value
            evaluate_name = _child_name(parent_name, f'[{key!r}]')
        elif isinstance(target, list) or type(target).__name__ == 'deque':
            target[int(name)] = value
            evaluate_name = _child_name(parent_name, f'[{name}]')
        elif isinstance(target, (tuple, frozenset, set, str, bytes)):
            raise TypeError(f'a {type(target).__name__} cannot be changed in place')
        else:
            setattr(target, name, value)
            evaluate_name = _child_name(parent_name, f'.{name}')
    else:
        raise TypeError('the Task scope is read-only')
    return describe(name, value, frame, evaluate_name)
