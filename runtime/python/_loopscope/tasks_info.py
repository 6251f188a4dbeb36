"""What the runtime knows about tasks: stable ids, creation sites, what each one awaits, call graphs.

Only used when instrumentation is on (someone listens to events) or when the runtime must explain itself
(deadlock report, inspection while paused).
"""
import asyncio
import struct
import sys
import weakref
from asyncio import tasks as _tasks

from . import hostlink, io_waits
from .user_code import is_user_file

_ids = weakref.WeakKeyDictionary()
_ids_by_address = {}
"""id(task) -> runtime id for unfinished tasks: the per-step lookup (a WeakKeyDictionary is too slow there)."""

sleep_deadlines = {}
"""id(future) -> deadline for futures asyncio.sleep() waits on (recorded by the loop's call_at)."""
_by_id = weakref.WeakValueDictionary()
_next_id = [1]

# Tasks asyncio.run creates for its own clean-up: not the program's, so not reported.
_INTERNAL_COROUTINES = frozenset({'BaseEventLoop.shutdown_asyncgens', 'SimulatedExecutorMixin.shutdown_default_executor'})
_internal_ids = set()

_sites = {}
"""Task id -> creation site (only kept while debugging, for the Task scope)."""
_parents = weakref.WeakValueDictionary()

_SYNC_KINDS = {
    ('queues.py', 'Queue.get'): ('queue', 'get'),
    ('queues.py', 'Queue.put'): ('queue', 'put'),
    ('queues.py', 'Queue.join'): ('queue', 'join'),
    ('locks.py', 'Lock.acquire'): ('lock', 'acquire'),
    ('locks.py', 'Event.wait'): ('event', 'wait'),
    ('locks.py', 'Condition.wait'): ('condition', 'wait'),
    ('locks.py', 'Condition.wait_for'): ('condition', 'wait_for'),
    ('locks.py', 'Semaphore.acquire'): ('semaphore', 'acquire'),
    ('locks.py', 'Barrier.wait'): ('barrier', 'wait'),
    ('locks.py', 'Barrier._block'): ('barrier', 'wait'),
    ('locks.py', 'Barrier._wait'): ('barrier', 'wait'),
}
_KIND_CODES = {}
"""Await kind name -> the code the worker decodes (runtime/src/eventRecords.ts AWAIT_KINDS; set by configure())."""


def task_id(task, loop=None):
    """The runtime's id of a task, registering tasks created behind the loop's back (asyncio.Task(...))."""
    found = _ids.get(task)
    if found is None:
        found = _register(task)
        if loop is not None and loop._instrumented:
            _journal_created(loop, task, found, -1, None)
    return found


def _register(task):
    found = _next_id[0]
    _next_id[0] = found + 1
    _ids[task] = found
    _ids_by_address[id(task)] = found
    _by_id[found] = task
    return found


def task_by_id(identifier):
    return _by_id.get(identifier)


def creation_site(identifier):
    return _sites.get(identifier)


def parent_of(identifier):
    return _parents.get(identifier)


def current_task_id(loop):
    task = _tasks.current_task(loop)
    return -1 if task is None else task_id(task, loop)


def coroutine_name(task):
    coro = task.get_coro()
    if coro is None:
        return '?'
    return getattr(coro, '__qualname__', None) or type(coro).__name__


def user_site(frame):
    while frame is not None:
        if is_user_file(frame.f_code.co_filename):
            return frame.f_code.co_filename, frame.f_lineno
        frame = frame.f_back
    return None


def _journal(loop, *values):
    j = loop._jn
    if j > loop._jlimit:
        loop._flush()
        j = 0
    journal = loop._journal
    for value in values:
        journal[j] = value
        j += 1
    loop._jn = j


def task_created(loop, task):
    parent = _tasks.current_task(loop)
    if parent is None and coroutine_name(task) in _INTERNAL_COROUTINES:
        _internal_ids.add(_register(task))
        return
    parent_id = -1 if parent is None else task_id(parent, loop)
    identifier = _register(task)
    site = user_site(sys._getframe(2))
    if hostlink.debugger is not None:
        _sites[identifier] = site
        if parent is not None:
            _parents[identifier] = parent
    _journal_created(loop, task, identifier, parent_id, site)
    if task.done():
        _journal_finished(loop, task, identifier)


def _journal_created(loop, task, identifier, parent_id, site):
    string = loop._string
    file_index, line = (-1, 0) if site is None else (string(site[0]), site[1])
    _journal(loop, hostlink.ops.task_created, identifier, parent_id, string(task.get_name()), string(coroutine_name(task)), file_index, line)


def _journal_finished(loop, task, identifier):
    _ids_by_address.pop(id(task), None)
    if task.cancelled():
        state, error = 1, -1
    elif task._exception is not None:
        exc = task._exception
        state, error = 2, loop._string(f'{type(exc).__name__}: {exc}' if str(exc) else type(exc).__name__)
    else:
        state, error = 0, -1
    _journal(loop, hostlink.ops.task_finished, identifier, state, error)


_pack7 = struct.Struct('7d').pack_into
_STEP_STARTED = 11.0
_STEP_ENDED = 12.0
"""Journal codes of the per-step records (set from the worker's JOURNAL by configure())."""
_Task = asyncio.Task


def configure(ops):
    global _STEP_STARTED, _STEP_ENDED
    _STEP_STARTED = float(ops.step_started)
    _STEP_ENDED = float(ops.step_ended)
    _KIND_CODES.clear()
    for code, name in enumerate(ops.await_kinds):
        _KIND_CODES[name] = code
    io_waits.configure(ops.io_wait_operations)


def run_step(loop, handle):
    """Run one ready handle; when it steps a task, journal the step and what the task awaits afterwards."""
    try:
        task = getattr(handle._callback, '__self__', None)
        if task is None or not isinstance(task, _Task):
            handle._run()
            return
        identifier = _ids_by_address.get(id(task))
        if identifier is None:
            identifier = task_id(task, loop)
        if identifier in _internal_ids:
            handle._run()
            return
        j = loop._jn
        if j > loop._jlimit:
            loop._flush()
            j = 0
        journal = loop._journal
        journal[j] = _STEP_STARTED
        journal[j + 1] = identifier
        loop._jn = j + 2
        handle._run()
        waiter = task._fut_waiter
        if waiter is None:
            kind = 0
            number = 0
            text = -1
            site = None
            if task.done():
                j = loop._jn
                if j > loop._jlimit:
                    loop._flush()
                    j = 0
                _pack7(loop._journal, 8 * j, _STEP_ENDED, identifier, 0, 0, -1, -1, 0)
                loop._jn = j + 7
                _journal_finished(loop, task, identifier)
                return
        else:
            until = sleep_deadlines.pop(id(waiter), None)
            if until is not None:
                kind, number, text, site = 1, until, -1, _suspended_at(task)
            else:
                name, number, description, site = awaiting(task)
                kind = _KIND_CODES[name]
                text = -1 if description is None else hostlink.string_id(description)
        if site is None:
            file_index = -1
            line = 0
        else:
            file_index = hostlink.string_id(site[0])
            line = site[1]
        j = loop._jn
        if j > loop._jlimit:
            loop._flush()
            j = 0
        _pack7(loop._journal, 8 * j, _STEP_ENDED, identifier, kind, number, text, file_index, line)
        loop._jn = j + 7
    finally:
        # As CPython's Handle._run and _run_once do: a traceback that keeps this frame must not keep the
        # handle and its task alive.
        handle = task = waiter = None


def _suspended_at(task):
    """(file, line) of the innermost user-code frame in the task's await chain."""
    site = None
    current = task._coro
    while current is not None:
        frame = getattr(current, 'cr_frame', None)
        if frame is None:
            frame = getattr(current, 'gi_frame', None)
            if frame is None:
                break
            current_next = current.gi_yieldfrom
        else:
            current_next = current.cr_await
        code = frame.f_code
        if is_user_file(code.co_filename):
            site = (code.co_filename, frame.f_lineno)
        current = current_next
    return site


def _coroutine_frames(task):
    """(code, frame, self-object) of each coroutine/generator in the task's await chain, outermost first."""
    chain = []
    current = task.get_coro()
    while current is not None:
        frame = getattr(current, 'cr_frame', None) or getattr(current, 'gi_frame', None) or getattr(current, 'ag_frame', None)
        if frame is None:
            break
        chain.append(frame)
        current = getattr(current, 'cr_await', None) or getattr(current, 'gi_yieldfrom', None) or getattr(current, 'ag_await', None)
    return chain


def awaiting(task):
    """(kind, number, text, user_site) for a suspended task."""
    frames = _coroutine_frames(task)
    site = None
    for frame in frames:
        if is_user_file(frame.f_code.co_filename):
            site = (frame.f_code.co_filename, frame.f_lineno)
    waiter = task._fut_waiter
    if waiter is None:
        return 'none', 0, None, site
    if isinstance(waiter, asyncio.Task):
        return 'task', task_id(waiter, waiter.get_loop()), None, site
    loop = waiter.get_loop()
    job = getattr(loop, '_job_futures', {}).get(id(waiter)) if hasattr(loop, '_job_futures') else None
    if job is not None:
        return 'executor', job, None, site
    if frames:
        inner = frames[-1]
        io = io_waits.at_wait_point(inner, frames)
        if io is not None:
            return 'io', io[0], io[1], site
        code = inner.f_code
        module = code.co_filename.rsplit('/', 1)[-1]
        if module == 'tasks.py' and code.co_name == 'sleep':
            handle = inner.f_locals.get('h')
            until = handle.when() if handle is not None else loop.time()
            return 'sleep', until, None, site
        sync = _SYNC_KINDS.get((module, code.co_qualname))
        if sync is not None and code.co_filename.startswith('/lib/'):
            # A library's own primitive inside its socket code (anyio waits on an Event while it reads).
            if len(frames) > 1 and not is_user_file(frames[-2].f_code.co_filename):
                io = io_waits.along_chain(task, frames)
                if io is not None:
                    return 'io', io[0], io[1], site
            owner = inner.f_locals.get('self')
            return sync[0], 0, f'{type(owner).__name__}.{sync[1]}\t{_describe_sync(owner)}', site
        if module == 'taskgroups.py':
            owner = inner.f_locals.get('self')
            count = len(getattr(owner, '_tasks', ()))
            return 'taskgroup', 0, f'TaskGroup with {count} running task{"" if count == 1 else "s"}', site
        if module == 'tasks.py' and code.co_name in ('wait', '_wait'):
            return 'wait', 0, 'asyncio.wait()', site
    if type(waiter).__name__ == '_GatheringFuture':
        children = getattr(waiter, '_children', ())
        names = ', '.join(child.get_name() if isinstance(child, asyncio.Task) else 'future' for child in children if not child.done())
        return 'gather', 0, f'gather({names})', site
    io = io_waits.along_chain(task, frames)
    if io is not None:
        return 'io', io[0], io[1], site
    text = repr(waiter)
    return 'future', 0, text if len(text) <= 120 else text[:117] + '...', site


def _describe_sync(owner):
    if owner is None:
        return '?'
    name = type(owner).__name__
    if isinstance(owner, asyncio.Queue):
        return f'{name}(maxsize={owner.maxsize}, qsize={owner.qsize()})'
    if isinstance(owner, asyncio.Event):
        return f'{name}({"set" if owner.is_set() else "unset"})'
    if isinstance(owner, asyncio.Lock):
        return f'{name}({"locked" if owner.locked() else "unlocked"})'
    if isinstance(owner, asyncio.Semaphore):
        return f'{name}(value={owner._value})'
    return name


def describe(task):
    """One line: what a task waits on, for reports and the debugger's task list."""
    if task.done():
        return ''
    kind, number, text, _ = awaiting(task)
    if kind == 'none':
        return 'ready'
    if kind == 'sleep':
        return f'sleep until t={number:g}'
    if kind == 'task':
        other = task_by_id(int(number))
        return f'task {other.get_name()} ({coroutine_name(other)}())' if other is not None else f'task #{int(number)}'
    if kind == 'executor':
        return f'executor job #{int(number)}'
    if kind == 'io':
        return text
    if text is not None and '\t' in text:
        operation, description = text.split('\t', 1)
        return f'{operation}() on {description}'
    return text or kind


def snapshot(loop):
    """Every unfinished task of `loop`, as plain data for the worker."""
    current = _tasks.current_task(loop)
    result = []
    for task in sorted(asyncio.all_tasks(loop), key=lambda t: (_ids.get(t, float('inf')), t.get_name())):
        frames = _coroutine_frames(task)
        site = None
        for frame in frames:
            if is_user_file(frame.f_code.co_filename):
                site = {'path': frame.f_code.co_filename, 'line': frame.f_lineno}
        result.append({
            'id': task_id(task),
            'name': task.get_name(),
            'coroutine': coroutine_name(task),
            'state': 'running' if task is current else 'pending',
            'awaiting': 'running' if task is current else describe(task),
            'source': site,
        })
    return result


def call_graph(task):
    """Python 3.14's asyncio call graph for a task: the formatted text and the graph as plain data."""
    text = asyncio.format_call_graph(task)
    graph = asyncio.capture_call_graph(task)
    root = _graph_node(graph)
    root['awaiting'] = _graph_awaiting(task)
    return {'text': text, 'graph': root}


def _graph_awaiting(task):
    if task.done() or task is _tasks.current_task(task.get_loop()) or task._fut_waiter is None:
        return None
    kind = awaiting(task)[0]
    return {'text': describe(task), 'io': kind == 'io'}


def _graph_node(node):
    future = node.future
    frames = []
    for entry in node.call_stack:
        frame = entry.frame
        frames.append({'function': frame.f_code.co_qualname, 'path': frame.f_code.co_filename, 'line': frame.f_lineno})
    is_task = isinstance(future, asyncio.Task)
    return {
        'future': future.get_name() if is_task else repr(future),
        'taskId': task_id(future) if is_task else None,
        'frames': frames,
        'awaitedBy': [_graph_node(parent) for parent in node.awaited_by],
    }
