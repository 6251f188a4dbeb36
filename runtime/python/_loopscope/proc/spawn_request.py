"""What Popen's arguments ask of the host, as the request the I/O worker runs (ioProtocol.ts SpawnRequest): argv,
the program and where to look for it, the cwd and environment as the program set them, and where each standard
stream goes. Argument errors are CPython's (TypeError, ValueError); what the host cannot do fails clearly here."""
import json
import os
import subprocess

from ..net import errors
from . import pipes

_UNSUPPORTED = 'the child runs on the host, and the runtime cannot run Python code or keep its own file descriptors there'


def build(args, executable, shell, cwd, env, stdin, stdout, stderr, *, pass_fds=(), preexec_fn=None, user=None,
          group=None, extra_groups=None, umask=-1):
    """The request's JSON text."""
    if preexec_fn is not None:
        raise ValueError(f'loopscope: preexec_fn is not available on the runtime: {_UNSUPPORTED}')
    if pass_fds:
        raise ValueError(f'loopscope: pass_fds is not available on the runtime: {_UNSUPPORTED}')
    if extra_groups is not None:
        raise ValueError("loopscope: the 'extra_groups' parameter is not available on the runtime")
    if umask is not None and umask >= 0:
        raise ValueError("loopscope: the 'umask' parameter is not available on the runtime")

    if isinstance(args, (str, bytes)):
        argv = [args]
    elif isinstance(args, os.PathLike):
        if shell:
            raise TypeError('path-like args is not allowed when shell is true')
        argv = [args]
    else:
        argv = list(args)
    if shell:
        argv = ['/bin/sh', '-c'] + argv
        if executable:
            argv[0] = executable
    if not argv:
        raise IndexError('list index out of range')
    if executable is None:
        executable = argv[0]
    argv = [_text(arg) for arg in argv]
    executable = _text(executable)

    environment = _environment(env)
    search = [] if os.path.dirname(executable) else [_text(folder) for folder in os.get_exec_path(env)]
    directory = os.getcwd() if cwd is None else os.path.join(os.getcwd(), _text(cwd))
    request = {
        'executable': executable,
        'argv': argv,
        'search': search,
        'cwd': directory,
        'env': environment,
        'stdio': [_stream(stdin, 0), _stream(stdout, 1), _stream(stderr, 2)],
        'uid': _id(user, 'user'),
        'gid': _id(group, 'group'),
    }
    return json.dumps(request)


def _text(value):
    """A str for the host (bytes and path-likes as os.fsdecode makes them); NUL is refused, as exec would."""
    encoded = os.fsencode(value)
    if b'\0' in encoded:
        raise ValueError('embedded null byte')
    return os.fsdecode(encoded)


def _environment(env):
    if env is None:
        return dict(os.environ)
    result = {}
    for key, value in env.items():
        name = os.fsencode(key)
        if b'=' in name:
            raise ValueError('illegal environment variable name')
        result[_text(name)] = _text(value)
    return result


def _id(value, what):
    if value is None:
        return None
    if isinstance(value, str):
        raise ValueError(f'loopscope: the {what} parameter must be a number on the runtime (names are not looked up)')
    if not isinstance(value, int):
        raise TypeError(f'{what.capitalize()} must be a string or an integer')
    if value < 0:
        raise ValueError(f'{what.capitalize()} ID cannot be negative, got {value}')
    return value


def _stream(spec, fd):
    if spec is None:
        return {'kind': 'program', 'fd': fd}
    if spec == subprocess.PIPE:
        return {'kind': 'pipe'}
    if spec == subprocess.DEVNULL:
        return {'kind': 'null'}
    if spec == subprocess.STDOUT:
        if fd != 2:
            raise ValueError('STDOUT can only be used for stderr')
        return {'kind': 'stdout'}
    if isinstance(spec, int):
        return _descriptor(spec, fd)
    pipe = pipes.host_pipe_of(spec)
    if pipe is not None:
        if pipe.closed:
            raise ValueError('I/O operation on closed file')
        return {'kind': 'handle', 'h': pipe._h}
    return _descriptor(spec.fileno(), fd)


def _descriptor(number, fd):
    if number in (0, 1, 2):
        return {'kind': 'program', 'fd': number}
    pipe = pipes.by_fd(number)
    if pipe is not None:
        return {'kind': 'handle', 'h': pipe._h}
    try:
        path = os.readlink(f'/proc/self/fd/{number}')
    except OSError:
        raise errors.os_error(errors.LINUX['EBADF']) from None
    if not path.startswith('/') or (path.startswith(('/dev/', '/proc/')) and path != '/dev/null'):
        raise ValueError(
            f'loopscope: file descriptor {number} ({path}) cannot be given to a child process on the runtime: '
            'only files of the host, the program\'s own stdin/stdout/stderr and pipes of other children can'
        )
    return {'kind': 'file', 'path': path, 'write': fd != 0, 'fd': number}


def written_files(request):
    """The program's descriptors of the files a child writes to: under CPython they share the child's offset."""
    return [spec['fd'] for spec in json.loads(request)['stdio'] if spec['kind'] == 'file' and spec['write']]
