"""The debugger requests the session can make of the runtime, by name (the same names as DebugRequests in
protocol/runtimeDebug.ts). Each takes and returns plain data."""
from . import debug_breakpoints, debug_eval, debug_frames, debugger, tasks_info


def _set_breakpoints(arguments):
    results = debug_breakpoints.set_line_breakpoints(arguments['path'], arguments['breakpoints'])
    debugger.breakpoints_changed()
    return results


def _set_function_breakpoints(arguments):
    results = debug_breakpoints.set_function_breakpoints(arguments['breakpoints'])
    debugger.breakpoints_changed(function_breakpoints_changed=True)
    return results


def _breakpoint_locations(arguments):
    lines, _problem = debug_breakpoints.executable_lines(arguments['path'])
    if lines is None:
        return []
    first = int(arguments['line'])
    last = int(arguments.get('endLine') or first)
    return sorted(line for line in lines if first <= line <= last)


def _cancel_task(arguments):
    task = tasks_info.task_by_id(int(arguments['taskId']))
    if task is None or task.done():
        return False
    loop = task.get_loop()
    if loop.is_closed():
        return False
    # Task.cancel() schedules the task's wake-up with call_soon; the journal entry is handed over with the
    # next loop iteration like any other.
    return task.cancel(arguments.get('message'))


def _source(arguments):
    path = arguments['path']
    try:
        with open(path, encoding='utf-8') as file:
            return file.read()
    except OSError:
        pass
    archive, _, member = path.partition('.zip/')
    if not member:
        return None
    import zipfile  # deliberate lazy import: only for a source inside a zip, rarely needed

    try:
        with zipfile.ZipFile(archive + '.zip') as bundle:
            return bundle.read(member).decode('utf-8')
    except (OSError, KeyError):
        return None


HANDLERS = {
    'configure': debugger.configure,
    'setBreakpoints': _set_breakpoints,
    'setFunctionBreakpoints': _set_function_breakpoints,
    'breakpointLocations': _breakpoint_locations,
    'stackTrace': lambda a: debug_frames.stack(int(a['taskId'] or 0)),
    'scopes': lambda a: debug_frames.scopes(a['frameId']),
    'variables': lambda a: debug_frames.variables(a['reference'], int(a.get('start') or 0), int(a.get('count') or 0)),
    'setVariable': lambda a: debug_eval.set_variable(a['reference'], a['name'], a['value']),
    'evaluate': lambda a: debug_eval.evaluate(a.get('frameId'), a['expression'], a.get('context') or 'repl'),
    'completions': lambda a: debug_eval.completions(a.get('frameId'), a['text'], int(a.get('column') or 0)),
    'cancelTask': _cancel_task,
    'source': _source,
    'checkpointBefore': lambda a: debugger.checkpoint_before(int(a['position'])),
}
