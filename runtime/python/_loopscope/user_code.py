"""Whose code a file or frame is: the program's own, a library's (the standard library, frozen modules, the
environment's site-packages: hostlink.library_folders), or the runtime's (this package)."""
from . import hostlink

_LIBRARY_PREFIXES = ('/lib/', '<frozen')


def is_user_file(filename):
    return not filename.startswith(_LIBRARY_PREFIXES) and not filename.startswith(hostlink.library_folders)


def is_runtime_frame(frame):
    return frame.f_code.co_filename.startswith('/lib/loopscope/')
