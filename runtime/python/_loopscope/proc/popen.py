"""subprocess.Popen on the runtime: the child runs on the host (the I/O worker starts it), its pipes are host pipes.

It is a subclass of the standard library's Popen and keeps everything above the OS: communicate(), wait(),
poll(), terminate(), kill(), the context manager, __del__, the KeyboardInterrupt grace, repr. What touched the OS
is replaced: starting the child (errors as CPython raises them on Linux), waiting for it, the multiplexed
communicate, and signals. Waits hold the loop as under CPython, are reported as the loop being blocked, and stay
interruptible (Ctrl+C, a pause, a halt).
"""
import json
import operator
import os
import subprocess as _subprocess
import sys
import threading
import warnings

from .. import hostlink
from ..net import errors, host_waits, sockets
from . import pipes, spawn_request

_StdlibPopen = _subprocess.Popen
_READ_CHUNK = 32768
_WRITE_CHUNK = 65536


class Popen(_StdlibPopen):
    _process = 0
    """The host handle of the child (0: none, or released)."""
    _written_files = ()

    def __init__(self, args, bufsize=-1, executable=None, stdin=None, stdout=None, stderr=None, preexec_fn=None,
                 close_fds=True, shell=False, cwd=None, env=None, universal_newlines=None, startupinfo=None,
                 creationflags=0, restore_signals=True, start_new_session=False, pass_fds=(), *, user=None,
                 group=None, extra_groups=None, encoding=None, errors=None, text=None, umask=-1, pipesize=-1,
                 process_group=None):
        _subprocess._cleanup()
        self._waitpid_lock = threading.Lock()
        self._input = None
        self._communication_started = False
        if bufsize is None:
            bufsize = -1
        if not isinstance(bufsize, int):
            raise TypeError('bufsize must be an integer')
        if stdout is _subprocess.STDOUT:
            raise ValueError('STDOUT can only be used for stderr')
        if pipesize is None:
            pipesize = -1
        if not isinstance(pipesize, int):
            raise TypeError('pipesize must be an integer')
        if pass_fds and not close_fds:
            warnings.warn('pass_fds overriding close_fds.', RuntimeWarning)
        if startupinfo is not None:
            raise ValueError('startupinfo is only supported on Windows platforms')
        if creationflags != 0:
            raise ValueError('creationflags is only supported on Windows platforms')

        self.args = args
        self.stdin = None
        self.stdout = None
        self.stderr = None
        self.pid = None
        self.returncode = None
        self.encoding = encoding
        self.errors = errors
        self.pipesize = pipesize
        if text is not None and universal_newlines is not None and bool(universal_newlines) != bool(text):
            raise _subprocess.SubprocessError(
                'Cannot disambiguate when both text and universal_newlines are supplied but different. '
                'Pass one or the other.'
            )
        self.text_mode = encoding or errors or text or universal_newlines
        if self.text_mode and encoding is None:
            self.encoding = encoding = _subprocess._text_encoding()
        self._sigint_wait_secs = 0.25
        self._closed_child_pipe_fds = False
        line_buffering = False
        if self.text_mode and bufsize == 1:
            line_buffering = True
            bufsize = -1

        request = spawn_request.build(
            args, executable, shell, cwd, env, stdin, stdout, stderr, pass_fds=pass_fds, preexec_fn=preexec_fn,
            user=user, group=group, extra_groups=extra_groups, umask=umask,
        )
        given = json.loads(request)
        self._written_files = spawn_request.written_files(request)
        sys.audit('subprocess.Popen', given['executable'], given['argv'], cwd, env)
        started = json.loads(hostlink.processes.spawn(request))
        if 'error' in started:
            raise RuntimeError(started['error'])
        self._process = started['process']
        try:
            if started['stdin']:
                self.stdin = pipes.wrap(pipes.HostPipe(started['stdin'], True), True, bufsize, self.text_mode,
                                        encoding, errors, line_buffering)
            if started['stdout']:
                self.stdout = pipes.wrap(pipes.HostPipe(started['stdout'], False), False, bufsize, self.text_mode,
                                         encoding, errors, False)
            if started['stderr']:
                self.stderr = pipes.wrap(pipes.HostPipe(started['stderr'], False), False, bufsize, self.text_mode,
                                         encoding, errors, False)
            self._await_start(given, executable, cwd, args, shell)
        except BaseException:
            for stream in filter(None, (self.stdin, self.stdout, self.stderr)):
                try:
                    stream.close()
                except OSError:
                    pass
            raise

    def _await_start(self, given, executable, cwd, args, shell):
        h = self._process
        host_waits.wait_until(lambda left: hostlink.processes.waitStarted(h, left), None)
        state = json.loads(hostlink.processes.state(h))
        failure = state['error']
        if failure is None:
            self.pid = state['pid']
            self._child_created = True
            return
        self._release()
        filename = failure.get('filename')
        if filename == given['cwd']:
            filename = cwd
        elif filename == given['executable']:
            # CPython names the program as the caller gave it (args[0], or executable=).
            filename = executable if executable is not None else _first_arg(args, shell)
        errno = int(failure.get('errno') or 0)
        if errno <= 0:
            raise _subprocess.SubprocessError(failure.get('message') or 'the child process could not start')
        raise errors.os_error(errno, errors.strerror(errno), filename)

    # -- waiting --------------------------------------------------------------------------------------

    def _internal_poll(self, _deadstate=None, _del_safe=None):
        if self.returncode is None and self._process:
            io_ = hostlink.processes
            if io_ is None:
                if _deadstate is not None:
                    self.returncode = _deadstate
                return self.returncode
            state = json.loads(io_.state(self._process))
            if state['returncode'] is not None:
                self.returncode = state['returncode']
                self._follow_written_files()
        return self.returncode

    def _follow_written_files(self):
        # A file given as stdout/stderr shares its offset with the child under CPython: the program's next write
        # goes after what the child wrote. The host file was appended to; the program's descriptor follows.
        for fd in self._written_files:
            try:
                os.lseek(fd, 0, os.SEEK_END)
            except OSError:
                pass
        self._written_files = ()

    def _wait(self, timeout):
        if self.returncode is not None:
            return self.returncode
        h = self._process
        deadline = None if timeout is None else host_waits.real_now() + timeout
        try:
            host_waits.wait_until(lambda left: hostlink.processes.waitExited(h, left), deadline)
        except TimeoutError:
            raise _subprocess.TimeoutExpired(self.args, timeout) from None
        return self._internal_poll()

    # -- communicate ----------------------------------------------------------------------------------

    def _communicate(self, input, endtime, orig_timeout):
        if self.stdin and not self._communication_started:
            try:
                self.stdin.flush()
            except BrokenPipeError:
                pass
            if not input:
                try:
                    self.stdin.close()
                except BrokenPipeError:
                    pass
        stdout = None
        stderr = None
        if not self._communication_started:
            self._fileobj2output = {}
            if self.stdout:
                self._fileobj2output[self.stdout] = []
            if self.stderr:
                self._fileobj2output[self.stderr] = []
        if self.stdout:
            stdout = self._fileobj2output[self.stdout]
        if self.stderr:
            stderr = self._fileobj2output[self.stderr]
        self._save_input(input)
        if self._input:
            input_view = memoryview(self._input).cast('B')

        writer = self.stdin if self.stdin and not self.stdin.closed and self._input else None
        readers = [stream for stream in (self.stdout, self.stderr) if stream and not stream.closed]
        while writer is not None or readers:
            left = self._remaining_time(endtime)
            if left is not None and left < 0:
                self._check_timeout(endtime, orig_timeout, stdout, stderr, skip_check_and_raise=True)
            ready = self._wait_pipes(writer, readers, left)
            if ready is None:
                self._check_timeout(endtime, orig_timeout, stdout, stderr, skip_check_and_raise=True)
            if writer is not None and ready & 1:
                raw = pipes.host_pipe_of(writer)
                chunk = input_view[self._input_offset:self._input_offset + _WRITE_CHUNK]
                try:
                    written = raw.write_available(chunk)
                except BrokenPipeError:
                    written = None
                    self._input_offset = len(input_view)
                if written:
                    self._input_offset += written
                if self._input_offset >= len(input_view):
                    try:
                        writer.close()
                    except BrokenPipeError:
                        pass
                    writer = None
            for bit, stream in ((2, self.stdout), (4, self.stderr)):
                if stream in readers and ready & bit:
                    data = pipes.host_pipe_of(stream).read_available(_READ_CHUNK)
                    if data is None:
                        continue
                    if not data:
                        readers.remove(stream)
                        stream.close()
                    self._fileobj2output[stream].append(data)
        try:
            self.wait(timeout=self._remaining_time(endtime))
        except _subprocess.TimeoutExpired as exc:
            exc.timeout = orig_timeout
            raise
        if stdout is not None:
            stdout = b''.join(stdout)
        if stderr is not None:
            stderr = b''.join(stderr)
        if self.text_mode:
            if stdout is not None:
                stdout = self._translate_newlines(stdout, self.stdout.encoding, self.stdout.errors)
            if stderr is not None:
                stderr = self._translate_newlines(stderr, self.stderr.encoding, self.stderr.errors)
        return stdout, stderr

    def _wait_pipes(self, writer, readers, left):
        """Which pipes are ready (bits 1 stdin, 2 stdout, 4 stderr), or None when `left` seconds ran out."""
        ids = [pipes.host_pipe_of(writer)._h if writer is not None else 0]
        for stream in (self.stdout, self.stderr):
            raw = pipes.host_pipe_of(stream) if stream in readers else None
            if raw is not None:
                raw.start_reading()
            ids.append(raw._h if raw is not None else 0)
        deadline = None if left is None else host_waits.real_now() + max(0.0, left)
        ready = 0

        def wait(remaining):
            nonlocal ready
            status = hostlink.processes.waitPipes(ids[0], ids[1], ids[2], remaining)
            if status > 0:
                ready = status
                return 0
            return status

        try:
            host_waits.wait_until(wait, deadline)
        except TimeoutError:
            return None
        return ready

    # -- signals --------------------------------------------------------------------------------------

    def send_signal(self, sig):
        sig = operator.index(sig)
        self.poll()
        if self.returncode is not None:
            return
        code = hostlink.processes.kill(self.pid, sig)
        if code and code != 'ESRCH':
            raise errors.os_error(errors.LINUX.get(code, errors.LINUX['EINVAL']))

    # -- end ------------------------------------------------------------------------------------------

    def _release(self):
        h, self._process = self._process, 0
        processes = hostlink.processes
        if h and processes is not None:
            processes.release(h)

    def __del__(self, _maxsize=sys.maxsize, _warn=warnings.warn):
        super().__del__(_maxsize, _warn)
        if getattr(self, 'returncode', None) is not None:
            self._release()


def _first_arg(args, shell):
    if shell:
        return '/bin/sh'
    if isinstance(args, (str, bytes)):
        return args
    try:
        return list(args)[0]
    except (TypeError, IndexError):
        return args
