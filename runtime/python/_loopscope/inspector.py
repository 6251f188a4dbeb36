"""Answers the session's questions while the worker is paused (called from JavaScript, returns JSON)."""
import json
from asyncio import events

from . import tasks_info


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
