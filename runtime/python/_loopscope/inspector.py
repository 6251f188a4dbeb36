"""Answers the session's questions while the worker is paused or stopped (called from JavaScript, returns JSON)."""
import json
from asyncio import events

from . import debug_commands, debugger, hostlink, tasks_info


def tasks():
    loop = events._get_running_loop()
    if loop is None or not hasattr(loop, '_lid'):
        return '[]'
    return json.dumps(tasks_info.snapshot(loop))


def call_graph(task_id):
    task = tasks_info.task_by_id(int(task_id))
    if task is None:
        return 'null'
    return json.dumps(tasks_info.call_graph(task))


def debug(operation, arguments_json):
    """One debugger request (runtime/src/debugRequests.ts names them); returns JSON {result} or {error}."""
    handler = debug_commands.HANDLERS.get(operation)
    if handler is None:
        raise ValueError(f'unknown debugger request {operation!r}')
    debugger.evaluating = True
    try:
        return json.dumps({'result': handler(json.loads(arguments_json))})
    except BaseException as error:
        if isinstance(error, SystemExit):
            raise
        return json.dumps({'error': f'{type(error).__name__}: {error}'})
    finally:
        debugger.evaluating = False


def stop_between_iterations():
    """A pause asked for while the loop was between iterations: stop there (debug mode)."""
    return debugger.stop_between_iterations()


def stop_before_replay_halt(description):
    """A replay cannot go on (debug mode): stop where the program is first (see debugger.stop_before_replay_halt)."""
    return debugger.stop_before_replay_halt(description)


def position():
    """The debugger's position (user lines executed so far), -1 when not debugging."""
    active = hostlink.debugger
    return -1 if active is None else active.position()
