"""Clear errors for what the runtime cannot provide: missing packages, threads."""
import _thread
import sys
import threading

from . import environment

_LIMITS = 'the Loopscope runtime runs CPython in WebAssembly (Pyodide)'


class _MissingModuleFinder:
    """Last on sys.meta_path: only reached for modules nobody else found, and only raises for an import
    (importlib.util.find_spec() gets None, as packages probing for optional modules expect)."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        if path is not None or fullname.startswith('_') or not environment.called_to_import():
            return None
        if fullname in sys.stdlib_module_names:
            detail = f'{_LIMITS}; this standard-library module is not part of it'
        else:
            detail = environment.where_looked()
        raise ModuleNotFoundError(f'No module named {fullname!r} ({detail})', name=fullname)

    @staticmethod
    def invalidate_caches():
        pass


def _unavailable(message):
    def refuse(*args, **kwargs):
        raise RuntimeError(f'loopscope: {message}')

    return refuse


def install():
    sys.meta_path.append(_MissingModuleFinder)
    refuse_threads = _unavailable(
        'threads are not available in the Loopscope runtime (WebAssembly has none); '
        'asyncio.to_thread() and loop.run_in_executor() work: the runtime simulates their thread pool'
    )
    threading.Thread.start = refuse_threads
    _thread.start_new_thread = refuse_threads
    _thread.start_new = refuse_threads
