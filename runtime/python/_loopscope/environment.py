"""The program's Python environment inside the runtime: its site-packages on sys.path after the program's
folder (their .pth files processed as CPython's site does), their bytecode cached outside them, and one clear
error for a module that exists there only as native code for another platform."""
import os
import re
import sys
from importlib.machinery import (
    BYTECODE_SUFFIXES,
    EXTENSION_SUFFIXES,
    SOURCE_SUFFIXES,
    ExtensionFileLoader,
    FileFinder,
    SourceFileLoader,
    SourcelessFileLoader,
)

from . import hostlink, stdlib_bytecode

description = None
"""'/proj/.venv (.venv beside the program)'; None when Loopscope found no environment."""

site_packages = ()
wheel_platform = 'pyemscripten_wasm32'
_environment_folders = ()
"""site-packages and .pth folders, '/'-terminated: the folders whose bytecode is cached."""

_WASM_MAGIC = b'\0asm'
_NATIVE_ENDINGS = ('.so', '.pyd', '.dylib')


def install(config):
    """`config` (runtime/src/environment/programEnvironment.ts ProgramEnvironment): sitePackages, pthFolders,
    pythonPath, description, bytecodeCache, wheelPlatform."""
    global description, site_packages, wheel_platform, _environment_folders
    # JavaScript's null arrives as pyodide.ffi.jsnull, not None.
    description = config['description'] if isinstance(config['description'], str) else None
    site_packages = tuple(config['sitePackages'])
    wheel_platform = config['wheelPlatform']
    _environment_folders = tuple(_as_prefix(folder) for folder in (*config['sitePackages'], *config['pthFolders']))
    hostlink.library_folders = tuple(_as_prefix(folder) for folder in site_packages)
    cache = config['bytecodeCache'] if isinstance(config['bytecodeCache'], str) else None
    if cache:
        # Only the environment's modules are written there (see _path_hook); Pyodide starts with it off.
        sys.pycache_prefix = os.path.join(cache, 'site')
        sys.dont_write_bytecode = False
    stdlib_bytecode.install(cache)
    _install_finders()
    # CPython's order: the program's folder (program.run puts it first), PYTHONPATH, the standard library,
    # then site-packages with what their .pth files add.
    sys.path[0:0] = list(config['pythonPath'])
    if site_packages:
        import site  # deliberate lazy import: only with site-packages to add

        for folder in site_packages:
            site.addsitedir(folder)


def where_looked():
    """The end of a missing-module message: where Loopscope looked, and which environment it found how."""
    if description is None:
        return (
            'Loopscope found no Python environment to import packages from: name an interpreter with --python '
            '(launch attribute "python"), activate a virtualenv, or create .venv beside the program'
        )
    folders = ', '.join(site_packages) or 'which has no site-packages folder'
    return f"not in the program's folder, the standard library or the environment {description}: {folders}"


def called_to_import():
    """True when the calling finder was asked by an import (statement, __import__, import_module), not by
    importlib.util.find_spec(): packages probe with find_spec() and need None, not an exception."""
    try:
        # 0: here, 1: the finder's find_spec, 2: importlib's _find_spec, 3: who wants the spec.
        return sys._getframe(3).f_code.co_name == '_find_and_load_unlocked'
    except ValueError:
        return False


# -- loaders and finders -----------------------------------------------------------------------------------


class _WasmExtensionLoader(ExtensionFileLoader):
    """Loads a compiled module only if it is WebAssembly (`foo.abi3.so` and `foo.so` match this CPython's
    suffixes whatever platform they were built for); native code for another platform is a clear error."""

    def create_module(self, spec):
        try:
            with open(self.path, 'rb') as file:
                magic = file.read(4)
        except OSError:
            magic = b''
        if magic != _WASM_MAGIC:
            raise ForeignModuleError(spec.name, self.path)
        return super().create_module(spec)


class _UncachedSourceLoader(SourceFileLoader):
    """Modules outside the environment (the program's, the runtime's): compiled from source every run, as
    before; no bytecode is read or written for them."""

    def get_code(self, fullname):
        path = self.get_filename(fullname)
        return self.source_to_code(self.get_data(path), path)


_EXTENSIONS = (_WasmExtensionLoader, EXTENSION_SUFFIXES)
_ENVIRONMENT_LOADERS = (_EXTENSIONS, (SourceFileLoader, SOURCE_SUFFIXES), (SourcelessFileLoader, BYTECODE_SUFFIXES))
_OTHER_LOADERS = (_EXTENSIONS, (_UncachedSourceLoader, SOURCE_SUFFIXES), (SourcelessFileLoader, BYTECODE_SUFFIXES))


def _path_hook(entry):
    """Replaces FileFinder's path hook: the same finder, with the loaders above."""
    if not os.path.isdir(entry or os.getcwd()):
        raise ImportError('only directories are supported', path=entry)
    inside = _as_prefix(entry or os.getcwd()).startswith(_environment_folders) if _environment_folders else False
    return FileFinder(entry, *(_ENVIRONMENT_LOADERS if inside else _OTHER_LOADERS))


class _ForeignBinaryFinder:
    """After the path finder: a module that exists only as a native binary no suffix of this CPython matches
    (`_speedups.cpython-311-x86_64-linux-gnu.so`) fails with an error naming the file, not a bare
    'No module named'. Packages with a pure-Python fallback catch it (an ImportError) as before."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        if not called_to_import():
            return None
        prefix = fullname.rpartition('.')[2] + '.'
        for entry in sys.path if path is None else path:
            if not isinstance(entry, str):
                continue
            for name in _listing(entry):
                if name.startswith(prefix) and name.endswith(_NATIVE_ENDINGS):
                    raise ForeignModuleError(fullname, os.path.join(entry or os.getcwd(), name))
        return None

    @staticmethod
    def invalidate_caches():
        pass


def _listing(entry):
    """The names in a sys.path folder, from its finder's cache when it has one (it was just searched)."""
    cached = getattr(sys.path_importer_cache.get(entry), '_path_cache', None)
    if cached:
        return cached
    try:
        return os.listdir(entry or os.getcwd())
    except OSError:
        return ()


def _install_finders():
    for index, hook in enumerate(sys.path_hooks):
        if getattr(hook, '__qualname__', '').startswith('FileFinder.path_hook'):
            sys.path_hooks[index] = _path_hook
    sys.path_importer_cache.clear()
    # Before the runtime's last-resort finder (imports.py), after everything that can really find a module.
    last = next((i for i, finder in enumerate(sys.meta_path) if getattr(finder, '__name__', '') == '_MissingModuleFinder'), len(sys.meta_path))
    sys.meta_path.insert(last, _ForeignBinaryFinder)


def _as_prefix(folder):
    return folder.rstrip('/') + '/'


# -- the error -------------------------------------------------------------------------------------------


class ForeignModuleError(ModuleNotFoundError):
    """A module that is native code for another platform. Its text is built when shown: packages that fall
    back never show it, and naming the distribution reads installed metadata."""

    def __init__(self, fullname, file):
        super().__init__(f'No module named {fullname!r}', name=fullname, path=file)

    def __str__(self):
        return foreign_module_message(self.name, self.path)


# Tracebacks print it as the ModuleNotFoundError it is.
ForeignModuleError.__module__ = 'builtins'
ForeignModuleError.__qualname__ = ForeignModuleError.__name__ = 'ModuleNotFoundError'


def foreign_module_message(fullname, file):
    package = _distribution_of(fullname.partition('.')[0])
    version = f'{sys.version_info[0]}.{sys.version_info[1]}'
    tag = f'cp{sys.version_info[0]}{sys.version_info[1]}'
    return (
        f'No module named {fullname!r} that the runtime can load: {file} (package {package}) is native code for '
        f'{_built_for(file)}, and Loopscope runs CPython {version} compiled to WebAssembly; use a pure-Python '
        f'alternative, or give Loopscope a WebAssembly build of {package} (a *-{tag}-{tag}-{wheel_platform}.whl '
        f'wheel) in a folder named by --wheels or the launch attribute "wheels"'
    )


def _distribution_of(top_level):
    try:
        # Deliberate lazy import: importlib.metadata is heavy, and only a missing module's message needs it.
        from importlib.metadata import packages_distributions

        names = packages_distributions().get(top_level)
        if names:
            return names[0]
    except Exception:
        pass
    return top_level


def _built_for(file):
    """'CPython 3.11 on x86_64 Linux' from `x.cpython-311-x86_64-linux-gnu.so`, or what the file's header says."""
    name = os.path.basename(file)
    parts = name.split('.')
    tag = parts[-2] if len(parts) >= 3 else ''
    match = re.fullmatch(r'(?:cpython-|cp)(\d)(\d+)t?-(.+)', tag)
    if match:
        return f'CPython {match[1]}.{match[2]} on {_platform_words(match[3])}'
    match = re.fullmatch(r'pypy(\d)(\d+)-pp\d+-(.+)', tag)
    if match:
        return f'PyPy {match[1]}.{match[2]} on {_platform_words(match[3])}'
    return _from_header(file)


def _platform_words(platform):
    """'x86_64-linux-gnu' -> 'x86_64 Linux', 'darwin' -> 'macOS', 'win_amd64' -> 'Windows'."""
    if platform.startswith('win'):
        return 'Windows'
    if platform.startswith('darwin'):
        return 'macOS'
    arch, _, system = platform.partition('-')
    if system.startswith('linux'):
        system = 'Linux'
    elif system.startswith('freebsd'):
        system = 'FreeBSD'
    return f'{arch} {system}'.strip()


def _from_header(file):
    try:
        with open(file, 'rb') as handle:
            head = handle.read(4)
    except OSError:
        return 'another platform'
    if head == b'\x7fELF':
        return 'Linux (an ELF binary)'
    if head in (b'\xcf\xfa\xed\xfe', b'\xce\xfa\xed\xfe', b'\xca\xfe\xba\xbe'):
        return 'macOS (a Mach-O binary)'
    if head[:2] == b'MZ':
        return 'Windows (a DLL)'
    return 'another platform'
