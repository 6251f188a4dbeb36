"""The runtime's own source files never change while a program runs, so linecache need not look at them again.

linecache.checkcache stats every file of a stack it has lines for, at every stack walk, and asyncio's debug
mode walks the stack at every call_soon, future and task (unittest's IsolatedAsyncioTestCase runs in debug
mode). The runtime's frames (its loop, the program launcher) sit under every callback, and a stat in the
WebAssembly file system costs ~0.1 ms: that alone made asyncio's test_graph 1.7x slower than on CPython's
loop. So the lines of the runtime's files are cached as linecache caches the standard library's (imported
from a zip): with no modification time, which checkcache takes as "never changes".
"""
import linecache
import os

_RUNTIME_FOLDER = os.path.dirname(os.path.abspath(__file__)) + os.sep


def install():
    update = linecache.updatecache

    def updatecache(filename, module_globals=None):
        lines = update(filename, module_globals)
        if filename.startswith(_RUNTIME_FOLDER):
            entry = linecache.cache.get(filename)
            if entry is not None and len(entry) == 4 and entry[1] is not None:
                size, _, cached, fullname = entry
                linecache.cache[filename] = (size, None, cached, fullname)
        return lines

    updatecache.__doc__ = update.__doc__
    updatecache.__wrapped__ = update
    linecache.updatecache = updatecache
