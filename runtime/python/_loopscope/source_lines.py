"""The runtime's own source files never change while a program runs, so linecache need not look at them again.

linecache.checkcache stats every file of a stack it has lines for, at every stack walk, and asyncio's debug
mode walks the stack at every call_soon, future and task (unittest's IsolatedAsyncioTestCase runs in debug
mode). The runtime's frames (its loop, the program launcher) sit under every callback, and a stat in the
WebAssembly file system costs ~0.1 ms: that alone made asyncio's test_graph 1.7x slower than on CPython's
loop. The standard library is not affected: it is imported from a zip, whose lines linecache never rechecks.
"""
import linecache
import os

_RUNTIME_FOLDER = os.path.dirname(os.path.abspath(__file__)) + os.sep


def install():
    check = linecache.checkcache

    def checkcache(filename=None):
        if filename is not None and filename.startswith(_RUNTIME_FOLDER):
            return
        check(filename)

    checkcache.__doc__ = check.__doc__
    checkcache.__wrapped__ = check
    linecache.checkcache = checkcache
