"""Runs the user's program as `python3 FILE.py ARGS...` would: __main__, sys.argv, exit status, tracebacks."""
import atexit
import gc
import os
import random
import sys
import traceback
import types

from . import hostlink

_HALT_STATUS = {'deadlock': 1, 'maxTime': 124, 'maxWall': 124, 'terminate': 143, 'replayDiverged': 3}

ended_by_signal = None
"""SIGINT after an uncaught KeyboardInterrupt: python3 then ends by killing itself with it (the CLI does too)."""


def _exit_status(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, bool):
        return int(code)
    if isinstance(code, int):
        return code & 0xFF
    try:
        print(code, file=sys.stderr)
    except Exception:
        pass
    return 1


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _without_runtime_frames(tb):
    """The traceback minus the runtime's own frames (its event loop stands where base_events.py would)."""
    kept = []
    while tb is not None:
        if not tb.tb_frame.f_code.co_filename.startswith('/lib/loopscope/'):
            kept.append(tb)
        tb = tb.tb_next
    rebuilt = None
    for entry in reversed(kept):
        rebuilt = types.TracebackType(rebuilt, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return rebuilt


def _clean(exc, seen):
    if exc is None or id(exc) in seen:
        return
    seen.add(id(exc))
    exc.__traceback__ = _without_runtime_frames(exc.__traceback__)
    _clean(exc.__cause__, seen)
    _clean(exc.__context__, seen)
    for inner in getattr(exc, 'exceptions', ()):
        _clean(inner, seen)


def _report(exc):
    """Print an uncaught exception like the interpreter does, without the runtime's own frames."""
    tb = exc.__traceback__
    if tb is not None:
        tb = tb.tb_next
    exc.__traceback__ = tb
    _clean(exc, set())
    tb = exc.__traceback__
    try:
        sys.excepthook(type(exc), exc, tb)
    except Exception:
        traceback.print_exception(type(exc), exc, tb)


def _freeze_runtime_objects():
    """The runtime's own objects (its modules, the standard library it loaded, the loop machinery) live as long as
    the run: a collection need not walk them. Without this, every gc.collect() walks twice as many objects as
    under python3, and code that collects often (asyncio's test_futures) runs at half speed. What the program
    creates from here on is collected as usual."""
    gc.freeze()


def run(path, argv, seed):
    """Execute `path` as __main__; returns the process exit status."""
    try:
        return _run(path, argv, seed)
    except hostlink.LoopscopeHalt as halt:
        # The runtime's halt (Stop, a limit) comes at whatever bytecode runs when it is asked for, also while
        # the program's end is being handled (just after a stop on its uncaught exception): the run ends there.
        return _HALT_STATUS.get(halt.reason, 1)


def _run(path, argv, seed):
    global ended_by_signal
    sys.argv = list(argv)
    sys.path.insert(0, os.path.dirname(path))
    # The runtime starts from a memory snapshot, random's state included: seed it afresh, as each python3 process
    # does (from os.urandom, which a recorded run records), or with the seed given.
    random.seed(seed)
    module = types.ModuleType('__main__')
    module.__file__ = path
    module.__builtins__ = __builtins__ if isinstance(__builtins__, types.ModuleType) else sys.modules['builtins']
    module.__cached__ = None
    sys.modules['__main__'] = module
    status = 0
    try:
        with open(path, 'rb') as file:
            source = file.read()
        code = compile(source, path, 'exec', dont_inherit=True)
        _freeze_runtime_objects()
        exec(code, module.__dict__)
    except hostlink.LoopscopeHalt as halt:
        return _HALT_STATUS.get(halt.reason, 1)
    except SystemExit as exc:
        if hostlink.halt is not None:
            return _HALT_STATUS.get(hostlink.halt.reason, 1)
        status = _exit_status(exc)
    except KeyboardInterrupt as exc:
        if hostlink.halt is not None:
            return _HALT_STATUS.get(hostlink.halt.reason, 1)
        _report(exc)
        status = 130
        ended_by_signal = 2
    except BaseException as exc:
        if hostlink.halt is not None:
            return _HALT_STATUS.get(hostlink.halt.reason, 1)
        try:
            stopped = hostlink.debugger is not None and hostlink.debugger.uncaught(exc)
        except hostlink.LoopscopeHalt as halt:
            # Stopped on the uncaught exception, the session ended the run (Stop): nothing more to say.
            return _HALT_STATUS.get(halt.reason, 1)
        if not stopped:
            _report(exc)
        status = 1
    try:
        atexit._run_exitfuncs()
    except hostlink.LoopscopeHalt as halt:
        return _HALT_STATUS.get(halt.reason, 1)
    except SystemExit as exc:
        status = _exit_status(exc)
        ended_by_signal = None
    _flush()
    return status
