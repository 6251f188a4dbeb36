"""Start-up: connect the Python runtime to the worker's host object and replace Pyodide's browser loop."""
import asyncio
import os
import signal
import sys
from array import array
from asyncio import unix_events

from . import clock, debugger, environment, halting, host_platform, hostlink, imports, io_waits, source_lines
from . import signals as program_signals
from . import tasks_info, thread_waits
from .halting import on_halt_signal
from .loop import LoopscopeEventLoop, LoopscopeEventLoopPolicy
from .net import socket_module, tls
from .proc import install as processes


def install(host, config):
    """`config` is a dict: ops, instrumented, virtual, epoch, workers, signals, cwd, env, environment."""
    host_platform.adopt_host(config['host'])
    hostlink.host = host
    hostlink.io = host.pythonIo
    hostlink.processes = host.pythonProcesses
    hostlink.ops = hostlink.Namespace(config['ops'])
    hostlink.loop_class = LoopscopeEventLoop
    tasks_info.configure(hostlink.ops)
    io_waits.register_loop(LoopscopeEventLoop)
    hostlink.instrumented = bool(config['instrumented'])
    hostlink.virtual = bool(config['virtual'])
    hostlink.default_workers = int(config['workers'])
    clock.install(hostlink.virtual, float(config['epoch']), host if config.get('tapedClock') else None)
    host.attachClock(clock.state.buffer_info()[0])
    _replace_webloop()
    halting.install()
    thread_waits.install()
    imports.install()
    source_lines.install()
    socket_module.install(config['host']['uname']['nodename'])
    tls.install(config['openssl'])
    signals = config['signals']
    signal.signal(signals['halt'], on_halt_signal)
    signal.signal(signals['pause'], _on_pause_signal)
    program_signals.install((signals['halt'], signals['pause']))
    processes.install()
    os.environ.clear()
    os.environ.update(config['env'])
    os.chdir(config['cwd'])
    sys.path[:] = [entry for entry in sys.path if entry not in ('', '/home/pyodide')]
    environment.install(config['environment'])
    host_platform.install(config['host'])
    if config.get('debug'):
        debugger.install()


def _on_pause_signal(signum, frame):
    if hostlink.debugger is not None:
        hostlink.debugger.on_pause_signal(frame)
        return
    hostlink.host.pauseFromSignal()


def _replace_webloop():
    """Pyodide installs a browser loop at start-up (policy, asyncio.run, time.sleep, a running loop); undo it."""
    try:
        # Pyodide's own module, found only inside Pyodide.
        from pyodide import webloop

        asyncio.run = webloop._orig_run
    except Exception:
        pass
    asyncio.events._set_running_loop(None)
    _name_loop_classes()
    asyncio.events._set_event_loop_policy(LoopscopeEventLoopPolicy())
    sys.set_asyncgen_hooks(None, None)


def _name_loop_classes():
    """Every name a program can build a loop through is the runtime's loop: asyncio.EventLoop and
    SelectorEventLoop (so `asyncio.run(main(), loop_factory=asyncio.EventLoop)` and Runner(loop_factory=...)),
    and the default policy, which is also the one `set_event_loop_policy(None)` restores (asyncio reads
    unix_events._DefaultEventLoopPolicy then) and the one asyncio.DefaultEventLoopPolicy names."""
    for module in (asyncio, unix_events):
        module.EventLoop = LoopscopeEventLoop
        module.SelectorEventLoop = LoopscopeEventLoop
    unix_events._UnixDefaultEventLoopPolicy = LoopscopeEventLoopPolicy
    unix_events._DefaultEventLoopPolicy = LoopscopeEventLoopPolicy


def spin(iterations):
    """Seconds a small pure-Python loop takes (the worker watches it to see CPython's eval loop optimized)."""
    clock_ = clock._orig['perf_counter']
    started = clock_()
    total = 0
    for i in range(iterations):
        total += i
    return clock_() - started


class _Sample:
    __slots__ = ('a', 'b', 'c')

    def __init__(self, a, b, c=None):
        self.a = a
        self.b = b
        self.c = c

    def value(self, extra):
        return self.a + extra


def exercise(iterations):
    """Everyday Python (objects, calls, dicts, lists, floats, strings): makes the functions behind it hot, so
    V8 starts optimizing them before the program needs them."""
    table = {}
    items = []
    numbers = array('d', bytes(8 * 16))
    total = 0.0
    for i in range(iterations):
        sample = _Sample(i * 0.5, (i, 'x'))
        table[i] = sample
        items.append(sample)
        numbers[i & 15] = sample.value(1.5)
        total += numbers[i & 7] * 2.0
        if isinstance(sample, _Sample) and getattr(sample, 'c', None) is None:
            total -= len(f'{i}')
        if i & 1:
            table.pop(i - 1, None)
            items.pop()
    return total


def prewarm():
    """Imported before a memory snapshot is taken, so a restored runtime starts with them loaded."""
    import asyncio.graph  # noqa: F401
    import atexit  # noqa: F401
    import json  # noqa: F401
    import random  # noqa: F401
    import socket  # noqa: F401
    import ssl  # noqa: F401
    import subprocess  # noqa: F401
    import threading  # noqa: F401
    import traceback  # noqa: F401
    import types  # noqa: F401
    import weakref  # noqa: F401

    import reprlib  # noqa: F401
    import rlcompleter  # noqa: F401

    # Deliberate lazy import: what the snapshot holds, loaded here (install's own imports do not name them all).
    from . import debug_commands, debug_eval, debug_exceptions, debug_frames, debugger  # noqa: F401
    from . import executor, halting, host_platform, inspector, loop, program, signals, tasks_info  # noqa: F401
    from .net import socket_module, unix_streams  # noqa: F401
    from .proc import install, pipe_transports, popen, shell, subprocess_transport  # noqa: F401

    # What every run's install() imports, and what an environment's .pth files and packages commonly need (site
    # reads .pth files as utf-8-sig; certifi and many others read their data with importlib.resources). The
    # sysconfig variables themselves are read in install(): they depend on the program's environment (HOME).
    import importlib.resources  # noqa: F401
    import importlib.readers  # noqa: F401
    import encodings.utf_8_sig  # noqa: F401
    import sysconfig

    try:
        __import__(sysconfig._get_sysconfigdata_name())
    except Exception:
        pass  # a private name: without it, install() imports the module as before
