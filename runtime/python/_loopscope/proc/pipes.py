"""The program's end of a child's pipe: a raw binary stream over a host pipe handle, read and written like a stream
socket (the host buffers what the child wrote; what Python writes is counted until the OS took it). Blocking reads
and writes hold the loop as under CPython and are reported as the loop being blocked; they stay interruptible.

It lends a file descriptor number (from a socket the C library makes, as HostSocket does), so selectors, asyncio and
Popen(stdin=other.stdout) can name it; the descriptor itself cannot be read with os.read().
"""
import _socket
import io

from .. import hostlink
from ..net import errors, host_waits, sockets

READABLE = sockets.READABLE
WRITABLE = sockets.WRITABLE
_WOULD_BLOCK = -1
_FAILED = -2
_CHUNK = 1 << 20


class HostPipe(io.RawIOBase):
    """One end of a child's stdin (mode 'wb') or stdout/stderr (mode 'rb')."""

    def __init__(self, handle, writing):
        super().__init__()
        self._h = handle
        self._writing = writing
        self._blocking = True
        self._reading_started = False
        self._lender = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
        self._fd = self._lender.fileno()
        sockets.track(self._fd, self)

    # -- identity ------------------------------------------------------------------------------------

    def fileno(self):
        if self.closed:
            raise ValueError('I/O operation on closed file')
        return self._fd

    @property
    def name(self):
        return self._fd

    @property
    def mode(self):
        return 'wb' if self._writing else 'rb'

    def readable(self):
        if self.closed:
            raise ValueError('I/O operation on closed file')
        return not self._writing

    def writable(self):
        if self.closed:
            raise ValueError('I/O operation on closed file')
        return self._writing

    def seekable(self):
        return False

    def isatty(self):
        if self.closed:
            raise ValueError('I/O operation on closed file')
        return False

    def set_blocking(self, blocking):
        self._blocking = bool(blocking)

    # -- reading ----------------------------------------------------------------------------------------

    def start_reading(self):
        """The host reads the child's output from now on (until then it could still go to another child)."""
        if not self._reading_started and not self._writing:
            self._reading_started = True
            hostlink.processes.startReading(self._h)

    def readinto(self, buffer):
        self._check_open(False)
        view = memoryview(buffer).cast('B')
        if not len(view):
            return 0
        count = self._receive(view, self._blocking)
        return None if count is None else count

    def read_available(self, size):
        """What the child wrote so far, up to `size` bytes, without waiting: bytes, b'' at the end, None if nothing yet."""
        self._check_open(False)
        scratch, address = sockets._buffer(size)
        self.start_reading()
        count = hostlink.io.recvInto(self._h, address, size, False)
        if count == _WOULD_BLOCK:
            return None
        if count == _FAILED:
            raise errors.from_json(hostlink.io.takeError(self._h))
        return bytes(memoryview(scratch)[:count])

    def readall(self):
        chunks = []
        while True:
            chunk = self.read(io.DEFAULT_BUFFER_SIZE)
            if chunk is None:
                return b''.join(chunks) if chunks else None
            if not chunk:
                return b''.join(chunks)
            chunks.append(chunk)

    def _receive(self, view, blocking):
        self.start_reading()
        size = len(view)
        scratch, address = sockets._buffer(size)
        while True:
            count = hostlink.io.recvInto(self._h, address, size, False)
            if count >= 0:
                view[:count] = memoryview(scratch)[:count]
                return count
            if count == _FAILED:
                raise errors.from_json(hostlink.io.takeError(self._h))
            if not blocking:
                return None
            self.wait(READABLE, None)

    # -- writing ----------------------------------------------------------------------------------------

    def write(self, data):
        self._check_open(True)
        view = memoryview(data).cast('B')
        while True:
            size = min(len(view), _CHUNK)
            scratch, address = sockets._buffer(size)
            memoryview(scratch)[:size] = view[:size]
            count = hostlink.io.send(self._h, address, size)
            if count >= 0:
                return count
            if count == _FAILED:
                raise self._write_error()
            if not self._blocking:
                return None
            self.wait(WRITABLE, None)

    def write_available(self, data):
        """Writes what the host takes now (no waiting): the count, or None when it holds too much already."""
        self._check_open(True)
        view = memoryview(data).cast('B')
        size = min(len(view), _CHUNK)
        scratch, address = sockets._buffer(size)
        memoryview(scratch)[:size] = view[:size]
        count = hostlink.io.send(self._h, address, size)
        if count == _WOULD_BLOCK:
            return None
        if count == _FAILED:
            raise self._write_error()
        return count

    def _write_error(self):
        text = hostlink.io.takeError(self._h)
        return errors.from_json(text, errors.LINUX['EPIPE'])

    # -- waiting and closing ------------------------------------------------------------------------------

    def wait(self, mask, deadline):
        """Blocks (interruptibly, reported as the loop being blocked) until ready for `mask`; TimeoutError at `deadline`."""
        h = self._h
        return host_waits.wait_until(lambda left: hostlink.io.wait(h, mask, left), deadline)

    def close(self):
        if self.closed:
            return
        try:
            super().close()
        finally:
            io_ = hostlink.io
            if io_ is not None:
                io_.close(self._h)
            self._lender.close()

    def _check_open(self, writing):
        if self.closed:
            raise ValueError('I/O operation on closed file')
        if writing and not self._writing:
            raise io.UnsupportedOperation('File not open for writing')
        if not writing and self._writing:
            raise io.UnsupportedOperation('File not open for reading')


def host_pipe_of(fileobj):
    """The HostPipe under a pipe file object (itself, a buffered or text wrapper of it), or None."""
    seen = 0
    while fileobj is not None and seen < 4:
        if isinstance(fileobj, HostPipe):
            return fileobj
        fileobj = getattr(fileobj, 'buffer', None) or getattr(fileobj, 'raw', None)
        seen += 1
    if isinstance(fileobj, HostPipe):
        return fileobj
    return None


def by_fd(fd):
    found = sockets.by_fd(fd)
    return found if isinstance(found, HostPipe) else None


def wrap(raw, writing, bufsize, text, encoding, errors_, line_buffering):
    """The file object Popen exposes for a pipe, as io.open(fd, 'wb'/'rb', bufsize) and TextIOWrapper make it."""
    if bufsize == 0:
        stream = raw
    else:
        size = io.DEFAULT_BUFFER_SIZE if bufsize < 0 or bufsize == 1 else bufsize
        stream = io.BufferedWriter(raw, size) if writing else io.BufferedReader(raw, size)
    if text:
        if writing:
            stream = io.TextIOWrapper(stream, write_through=True, line_buffering=line_buffering, encoding=encoding, errors=errors_)
        else:
            stream = io.TextIOWrapper(stream, encoding=encoding, errors=errors_)
    return stream
