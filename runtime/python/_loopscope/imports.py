"""Clear errors for what the runtime cannot provide: missing packages, threads, sockets, subprocesses."""
import sys

_LIMITS = (
    'the Loopscope runtime runs CPython in WebAssembly (Pyodide) and can import the standard library and the '
    "program's own modules only"
)


class _MissingModuleFinder:
    """Last on sys.meta_path: only reached for modules nobody else found."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        if path is not None or fullname.startswith('_'):
            return None
        if fullname in sys.stdlib_module_names:
            detail = 'this standard-library module is not part of the runtime'
        else:
            detail = 'third-party packages are not installed'
        raise ModuleNotFoundError(f'No module named {fullname!r} ({_LIMITS}; {detail})', name=fullname)

    @staticmethod
    def invalidate_caches():
        pass


def _unavailable(message):
    def refuse(*args, **kwargs):
        raise RuntimeError(f'loopscope: {message}')

    return refuse


def install():
    sys.meta_path.append(_MissingModuleFinder)
    import threading
    import _thread

    refuse_threads = _unavailable(
        'threads are not available in the Loopscope runtime (WebAssembly has none); '
        'asyncio.to_thread() and loop.run_in_executor() work: the runtime simulates their thread pool'
    )
    threading.Thread.start = refuse_threads
    _thread.start_new_thread = refuse_threads
    _thread.start_new = refuse_threads
    import subprocess
    import os

    refuse_processes = _unavailable('processes are not available in the Loopscope runtime (it runs in WebAssembly without subprocesses)')
    subprocess.Popen.__init__ = refuse_processes
    os.system = refuse_processes
