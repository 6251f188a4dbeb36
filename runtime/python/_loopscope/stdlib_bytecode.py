"""The bundled standard library's bytecode, cached on the host across runs. Pyodide's stdlib zip holds only
sources, so every run would compile each stdlib module it imports again, and zipimport compiles it twice
(once to learn its file name): for aiohttp's imports (http, email, ssl and the rest) about a second."""
import marshal
import os
import sys
import zipimport
from importlib.util import MAGIC_NUMBER

_folder = None
"""Host folder of this runtime's cached stdlib code objects (one file per module), or None."""

_stdlib_zip = None


class _CachingZipImporter(zipimport.zipimporter):
    """zipimporter for the stdlib zip whose compiled code objects are kept in the cache folder. The zip never
    changes for a given runtime build (the folder's name says which), so nothing needs invalidating."""

    def get_filename(self, fullname):
        # zipimporter.get_filename compiles the module to find its file; the zip's table of contents says it.
        try:
            path = zipimport._get_module_path(self, fullname)
            files = self._get_files()
            for suffix, _bytecode, _package in zipimport._zip_searchorder:
                entry = files.get(path + suffix)
                if entry is not None:
                    return entry[0]
        except Exception:
            pass
        return super().get_filename(fullname)

    def get_code(self, fullname):
        if _folder is None:
            return super().get_code(fullname)
        cached = os.path.join(_folder, f'{fullname}.code')
        try:
            with open(cached, 'rb') as file:
                return marshal.loads(file.read())
        except (OSError, EOFError, ValueError, TypeError):
            pass
        code = super().get_code(fullname)
        _store(cached, code)
        return code


def _store(file, code):
    temporary = f'{file}.{os.getpid()}.{id(code)}.tmp'
    try:
        with open(temporary, 'wb') as handle:
            handle.write(marshal.dumps(code))
        os.replace(temporary, file)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _zip_path_hook(path):
    if path == _stdlib_zip or path.startswith(_stdlib_zip + '/'):
        return _CachingZipImporter(path)
    return zipimport.zipimporter(path)


def install(cache_root):
    """Imports from the stdlib zip without compiling twice, and caches their bytecode under `cache_root` (a
    writable host folder mounted at the same path; None: no cache)."""
    global _folder, _stdlib_zip
    _stdlib_zip = next((entry for entry in sys.path if entry.startswith('/lib/python') and entry.endswith('.zip')), None)
    if _stdlib_zip is None:
        return
    if cache_root:
        try:
            import pyodide  # Pyodide's own module, found only inside Pyodide

            build = pyodide.__version__
        except Exception:
            build = 'unknown'
        version = '.'.join(map(str, sys.version_info[:3]))
        folder = os.path.join(cache_root, f'stdlib-{version}-pyodide-{build}-{MAGIC_NUMBER.hex()}')
        try:
            os.makedirs(folder, exist_ok=True)
            _folder = folder
        except OSError:
            pass
    for index, hook in enumerate(sys.path_hooks):
        if hook is zipimport.zipimporter:
            sys.path_hooks[index] = _zip_path_hook
    sys.path_importer_cache.clear()
