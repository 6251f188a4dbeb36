"""asyncio's pipe transports over host pipes (loop.connect_read_pipe / connect_write_pipe, and the pipes of
asyncio subprocesses): the same contract as asyncio's Unix pipe transports (pause/resume reading, write buffering
with flow control, write_eof, abort, connection_lost with the same exceptions), reading and writing the host pipe
when the loop's selector says it is ready. The write end of a pipe turns readable when the reader went away, as on
Linux, which closes the transport.

The program's own stdout and stderr can be write pipes too: what is written goes where print() goes, at once;
and its stdin a read pipe: this process's stdin read by the host, or the text the run was given.
"""
import json
import os
import stat
import warnings
from asyncio import base_events, constants, futures, transports
from asyncio.log import logger

from .. import hostlink
from . import pipes


def read_transport(loop, pipe, protocol, waiter=None, extra=None):
    raw = pipes.host_pipe_of(pipe)
    if raw is None and _descriptor(pipe) == 0:
        raw = _program_input()
    elif raw is None or raw._writing:
        if _regular_file(pipe):
            raise ValueError('Pipe transport is for pipes/sockets only.')
        raise ValueError(_not_a_pipe(pipe, 'read'))
    return ReadPipeTransport(loop, pipe, raw, protocol, waiter, extra)


def _program_input():
    source = json.loads(hostlink.processes.programStdin())
    if 'error' in source:
        raise ValueError(source['error'])
    if 'h' in source:
        return pipes.HostPipe(source['h'], False)
    return GivenInput()


def _descriptor(pipe):
    try:
        return pipe if isinstance(pipe, int) else pipe.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def write_transport(loop, pipe, protocol, waiter=None, extra=None):
    raw = pipes.host_pipe_of(pipe)
    if raw is None:
        target = _program_output(pipe)
        if target is None:
            raise ValueError(_not_a_pipe(pipe, 'write'))
        if not hostlink.processes.streamIsPipe(target):
            raise ValueError('Pipe transport is only for pipes, sockets and character devices')
        raw = ProgramOutput(target)
    elif not raw._writing:
        raise ValueError(_not_a_pipe(pipe, 'write'))
    return WritePipeTransport(loop, pipe, raw, protocol, waiter, extra)


def _not_a_pipe(pipe, direction):
    return (
        f'loopscope: connect_{direction}_pipe() takes the pipes of child processes the program started'
        f"{' or its own stdout/stderr' if direction == 'write' else ''} on the runtime, not {pipe!r}: "
        'other file descriptors (os.pipe(), files, terminals) cannot be polled'
    )


def _regular_file(pipe):
    try:
        return stat.S_ISREG(os.fstat(pipe if isinstance(pipe, int) else pipe.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):
        return False


def _program_output(pipe):
    """1 or 2 when `pipe` is the program's stdout or stderr (a file object or its descriptor)."""
    fd = _descriptor(pipe)
    return fd if fd in (1, 2) else None


class ProgramOutput:
    """The program's stdout or stderr as a pipe that always takes everything (written where print() goes)."""

    watchable = False

    def __init__(self, fd):
        self._fd = fd

    def fileno(self):
        return self._fd

    def write_available(self, data):
        view = memoryview(data).cast('B')
        written = 0
        while written < len(view):
            written += os.write(self._fd, view[written:])
        return written


class GivenInput:
    """The text the run was given as stdin (tests, tools): all of it can be read at once, then the end."""

    watchable = False
    _writing = False

    def fileno(self):
        return 0

    def start_reading(self):
        pass

    def read_available(self, size):
        return os.read(0, size)

    def close(self):
        pass


class _PipeTransportCommon:
    """What the read and the write pipe transport share: their protocol, closing state and fatal errors."""

    def set_protocol(self, protocol):
        self._protocol = protocol

    def get_protocol(self):
        return self._protocol

    def is_closing(self):
        return self._closing

    def _fatal_error(self, exc, message='Fatal error on pipe transport'):
        if self._peer_went_away(exc):
            if self._loop.get_debug():
                logger.debug('%r: %s', self, message, exc_info=True)
        else:
            self._loop.call_exception_handler(
                {'message': message, 'exception': exc, 'transport': self, 'protocol': self._protocol}
            )
        self._close(exc)

    def _peer_went_away(self, exc):
        """An error a fatal error only logs in debug mode, instead of reporting it to the exception handler."""
        return False

    def _described(self, polling, *live):
        """The repr asyncio's pipe transports have: class, state, fd, and while the loop lives, `live` details."""
        info = [self.__class__.__name__]
        if self._pipe is None:
            info.append('closed')
        elif self._closing:
            info.append('closing')
        info.append(f'fd={self._fileno}')
        if self._loop is not None and not self._loop.is_closed():
            info.append('polling' if polling else 'idle')
            info.extend(live)
        return '<{}>'.format(' '.join(info))


class ReadPipeTransport(_PipeTransportCommon, transports.ReadTransport):
    max_size = 256 * 1024

    def __init__(self, loop, pipe, raw, protocol, waiter=None, extra=None):
        super().__init__(extra)
        self._extra['pipe'] = pipe
        self._loop = loop
        self._pipe = pipe
        self._raw = raw
        self._fileno = raw.fileno()
        self._protocol = protocol
        self._closing = False
        self._paused = False
        # A raw of its own (the program's stdin) closes with the transport; a child's pipe is the pipe object's.
        self._own_raw = raw is not pipes.host_pipe_of(pipe)
        self._watched = getattr(raw, 'watchable', True)
        raw.start_reading()
        loop.call_soon(protocol.connection_made, self)
        loop.call_soon(self._add_reader, self._fileno, self._read_ready)
        if waiter is not None:
            loop.call_soon(futures._set_result_unless_cancelled, waiter, None)

    def _add_reader(self, fd, callback):
        if not self.is_reading():
            return
        if self._watched:
            self._loop._add_reader(fd, callback)
        else:
            # Always readable: read in a callback of the next iteration, as a ready selector would.
            self._loop.call_soon(self._read_unwatched)

    def _remove_reader(self):
        if self._watched:
            self._loop._remove_reader(self._fileno)

    def _read_unwatched(self):
        if self.is_reading():
            self._read_ready()
            self._add_reader(self._fileno, self._read_ready)

    def is_reading(self):
        return not self._paused and not self._closing

    def __repr__(self):
        return self._described(self.is_reading())

    def _read_ready(self):
        try:
            data = self._raw.read_available(self.max_size)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            self._fatal_error(exc, 'Fatal read error on pipe transport')
            return
        if data is None:
            return
        if data:
            self._protocol.data_received(data)
            return
        if self._loop.get_debug():
            logger.info('%r was closed by peer', self)
        self._closing = True
        self._remove_reader()
        self._loop.call_soon(self._protocol.eof_received)
        self._loop.call_soon(self._call_connection_lost, None)

    def pause_reading(self):
        if not self.is_reading():
            return
        self._paused = True
        self._remove_reader()
        if self._loop.get_debug():
            logger.debug('%r pauses reading', self)

    def resume_reading(self):
        if self._closing or not self._paused:
            return
        self._paused = False
        self._add_reader(self._fileno, self._read_ready)
        if self._loop.get_debug():
            logger.debug('%r resumes reading', self)

    def close(self):
        if not self._closing:
            self._close(None)

    def __del__(self, _warn=warnings.warn):
        if self._pipe is not None:
            _warn(f'unclosed transport {self!r}', ResourceWarning, source=self)
            self._pipe.close()

    def _peer_went_away(self, exc):
        # EIO: the other end (a terminal) went away, as asyncio's read pipe transport treats it.
        return isinstance(exc, OSError) and exc.errno == 5

    def _close(self, exc):
        self._closing = True
        self._remove_reader()
        self._loop.call_soon(self._call_connection_lost, exc)

    def _call_connection_lost(self, exc):
        try:
            self._protocol.connection_lost(exc)
        finally:
            self._pipe.close()
            if self._own_raw:
                self._raw.close()
            self._pipe = None
            self._protocol = None
            self._loop = None


class WritePipeTransport(_PipeTransportCommon, transports._FlowControlMixin, transports.WriteTransport):
    def __init__(self, loop, pipe, raw, protocol, waiter=None, extra=None):
        super().__init__(extra, loop)
        self._extra['pipe'] = pipe
        self._pipe = pipe
        self._raw = raw
        self._fileno = raw.fileno()
        self._protocol = protocol
        self._buffer = bytearray()
        self._conn_lost = 0
        self._closing = False
        self._watched = getattr(raw, 'watchable', True)
        loop.call_soon(protocol.connection_made, self)
        if self._watched:
            # The reading end going away (the child ended) makes the write end readable.
            loop.call_soon(loop._add_reader, self._fileno, self._read_ready)
        if waiter is not None:
            loop.call_soon(futures._set_result_unless_cancelled, waiter, None)

    def __repr__(self):
        return self._described(bool(self._buffer), f'bufsize={self.get_write_buffer_size()}')

    def get_write_buffer_size(self):
        return len(self._buffer)

    def _read_ready(self):
        if self._loop.get_debug():
            logger.info('%r was closed by peer', self)
        if self._buffer:
            self._close(BrokenPipeError())
        else:
            self._close()

    def write(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f'data argument must be a bytes-like object, not {type(data).__name__!r}')
        if isinstance(data, bytearray):
            data = memoryview(data)
        if not data:
            return
        if self._conn_lost or self._closing:
            if self._conn_lost >= constants.LOG_THRESHOLD_FOR_CONNLOST_WRITES:
                logger.warning('pipe closed by peer or os.write(pipe, data) raised exception.')
            self._conn_lost += 1
            return
        if not self._buffer:
            try:
                written = self._raw.write_available(data) or 0
            except (BlockingIOError, InterruptedError):
                written = 0
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                self._conn_lost += 1
                self._fatal_error(exc, 'Fatal write error on pipe transport')
                return
            if written == len(data):
                return
            if written > 0:
                data = memoryview(data)[written:]
            self._loop._add_writer(self._fileno, self._write_ready)
        self._buffer += data
        self._maybe_pause_protocol()

    def _write_ready(self):
        try:
            written = self._raw.write_available(self._buffer) or 0
        except (BlockingIOError, InterruptedError):
            return
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._buffer.clear()
            self._conn_lost += 1
            self._loop._remove_writer(self._fileno)
            self._fatal_error(exc, 'Fatal write error on pipe transport')
            return
        if written == len(self._buffer):
            self._buffer.clear()
            self._loop._remove_writer(self._fileno)
            self._maybe_resume_protocol()
            if self._closing:
                if self._watched:
                    self._loop._remove_reader(self._fileno)
                self._call_connection_lost(None)
            return
        if written > 0:
            del self._buffer[:written]

    def can_write_eof(self):
        return True

    def write_eof(self):
        if self._closing:
            return
        self._closing = True
        if not self._buffer:
            if self._watched:
                self._loop._remove_reader(self._fileno)
            self._loop.call_soon(self._call_connection_lost, None)

    def close(self):
        if self._pipe is not None and not self._closing:
            self.write_eof()

    def __del__(self, _warn=warnings.warn):
        if self._pipe is not None:
            _warn(f'unclosed transport {self!r}', ResourceWarning, source=self)
            self._close_pipe()

    def abort(self):
        self._close(None)

    def _peer_went_away(self, exc):
        return isinstance(exc, base_events._FATAL_ERROR_IGNORE)

    def _close(self, exc=None):
        self._closing = True
        if self._buffer:
            self._loop._remove_writer(self._fileno)
        self._buffer.clear()
        if self._watched:
            self._loop._remove_reader(self._fileno)
        self._loop.call_soon(self._call_connection_lost, exc)

    def _call_connection_lost(self, exc):
        try:
            self._protocol.connection_lost(exc)
        finally:
            self._close_pipe()
            self._pipe = None
            self._protocol = None
            self._loop = None

    def _close_pipe(self):
        if self._pipe is not None:
            self._pipe.close()
