"""Process-wide state shared by the runtime modules: the JavaScript host object and the run's settings."""

host = None
"""The worker's host object (set by install.install); every call into it crosses the Python/JS boundary."""

io = None
"""The worker's I/O object (runtime/src/worker/io/hostIo.ts): host sockets, name queries, what loops watch."""

processes = None
"""The worker's child processes (runtime/src/worker/io/hostProcesses.ts)."""

ops = None
"""Journal record codes (runtime/src/eventRecords.ts JOURNAL), as a simple namespace."""

instrumented = False
"""True when someone listens to events: loops then journal task steps and awaits."""

virtual = True
"""True under --clock virtual."""

halt = None
"""Set to a LoopscopeHalt once the runtime decided to stop the program; loops re-raise it."""

loop_class = ()
"""The runtime's event loop class (set by install.install), for modules below it asking whether a loop is ours."""

debugger = None
"""The debugger module when the run is being debugged (set by debugger.install), else None."""

default_workers = 8
"""Simulated default executor size: CPython's min(32, cpu_count + 4) on a 4-core machine."""

library_folders = ()
"""The environment's site-packages folders ('/'-terminated): library code, like the standard library."""


strings_pending = []
"""Strings interned since the last hand-over to the worker (sent with the next runOnce/ingest)."""

_string_ids = {}


def string_id(text):
    """Journal records refer to strings by a run-wide id; each string crosses to JavaScript once."""
    found = _string_ids.get(text)
    if found is None:
        found = len(_string_ids)
        _string_ids[text] = found
        strings_pending.append(text)
    return found


class LoopscopeHalt(SystemExit):
    """The runtime stops the program (deadlock, --max-time, --max-wall).

    A SystemExit so that asyncio's Task.__step lets it propagate out of the loop instead of storing it
    in the task.
    """

    def __init__(self, reason, report):
        super().__init__(report)
        self.reason = reason
        self.report = report


class Namespace:
    def __init__(self, mapping):
        self.__dict__.update(mapping)
