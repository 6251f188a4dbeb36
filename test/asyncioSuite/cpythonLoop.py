"""CPython's own selector event loop as asyncio's loop inside bare Pyodide: the baseline of
../shared/cpython-asyncio-tests/README.md, which baselineHost.ts sets up before it runs the suite's driver.

Pyodide starts with its browser loop (WebLoop: a policy, a patched asyncio.run, a running loop); that is undone,
so asyncio builds CPython's _UnixSelectorEventLoop. Its self-pipe is turned off: Pyodide's socketpair() fails,
and with no threads nothing needs to wake the selector. The selector is left as it is: on an empty set it
returns at once, so the loop polls until its next timer is due (real time passes, as it does for CPython).
"""
import asyncio
import sys
from asyncio import events, selector_events


def _no_self_pipe(self):
    # _write_to_self() (call_soon_threadsafe) reads _csock and does nothing when it is None.
    self._ssock = None
    self._csock = None


def _close_no_self_pipe(self):
    pass


def install():
    try:
        from pyodide import webloop

        asyncio.run = webloop._orig_run
    except (ImportError, AttributeError):
        pass
    events._set_running_loop(None)
    selector_events.BaseSelectorEventLoop._make_self_pipe = _no_self_pipe
    selector_events.BaseSelectorEventLoop._close_self_pipe = _close_no_self_pipe
    # None: asyncio's default policy (_UnixDefaultEventLoopPolicy) from here on, building SelectorEventLoop.
    events._set_event_loop_policy(None)
    sys.set_asyncgen_hooks(None, None)
