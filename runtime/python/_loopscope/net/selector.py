"""The selector of a Loopscope event loop: it records which host sockets the loop watches, and tells the
worker, which decides readiness itself (the TypeScript loop waits for I/O and timers together and hands
Python the ready sockets in the same crossing as the ready handles)."""
import selectors

from .. import hostlink
from . import sockets


class HostSelector(selectors.BaseSelector):
    def __init__(self, loop_id):
        self._lid = loop_id
        self._fd_to_key = {}
        self._map = selectors._SelectorMapping(self)

    def _fileobj_lookup(self, fileobj):
        return selectors._fileobj_to_fd(fileobj)

    def _socket_of(self, fileobj, fd):
        sock = sockets.by_fd(fd)
        if sock is None:
            raise ValueError(
                f'loopscope: the event loop can watch sockets and the pipes of child processes only, not {fileobj!r} '
                f'(fd {fd}): file descriptors of files, os.pipe() and terminals cannot be polled on the runtime'
            )
        return sock

    def register(self, fileobj, events, data=None):
        if not events or events & ~(selectors.EVENT_READ | selectors.EVENT_WRITE):
            raise ValueError(f'Invalid events: {events!r}')
        fd = selectors._fileobj_to_fd(fileobj)
        if fd in self._fd_to_key:
            raise KeyError(f'{fileobj!r} (FD {fd}) is already registered')
        sock = self._socket_of(fileobj, fd)
        key = selectors.SelectorKey(fileobj, fd, events, data)
        self._fd_to_key[fd] = key
        hostlink.io.register(self._lid, sock._h, events, fd)
        return key

    def unregister(self, fileobj):
        fd = selectors._fileobj_to_fd(fileobj)
        try:
            key = self._fd_to_key.pop(fd)
        except KeyError:
            raise KeyError(f'{fileobj!r} is not registered') from None
        sock = sockets.by_fd(fd)
        if sock is not None:
            hostlink.io.register(self._lid, sock._h, 0, fd)
        return key

    def modify(self, fileobj, events, data=None):
        fd = selectors._fileobj_to_fd(fileobj)
        key = self._fd_to_key.get(fd)
        if key is None:
            raise KeyError(f'{fileobj!r} is not registered')
        if events != key.events:
            self.unregister(fileobj)
            return self.register(fileobj, events, data)
        if data != key.data:
            key = key._replace(data=data)
            self._fd_to_key[fd] = key
        return key

    def select(self, timeout=None):
        raise RuntimeError('loopscope: the event loop polls its selector through the worker')

    def events(self, pairs):
        """(key, mask) for each ready (fd, mask) pair the worker reported."""
        keys = self._fd_to_key
        ready = []
        for fd, mask in pairs:
            key = keys.get(fd)
            if key is not None:
                ready.append((key, mask & key.events))
        return ready

    def close(self):
        io = hostlink.io
        for fd in list(self._fd_to_key):
            sock = sockets.by_fd(fd)
            if sock is not None and io is not None:
                io.register(self._lid, sock._h, 0, fd)
        self._fd_to_key.clear()
        self._map = None

    def get_map(self):
        return self._map
