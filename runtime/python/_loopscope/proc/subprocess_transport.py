"""asyncio subprocesses on the runtime (loop.subprocess_exec / subprocess_shell, asyncio.create_subprocess_*):
asyncio's own BaseSubprocessTransport over the runtime's Popen, its pipes connected with the host pipe transports,
and the child's end watched as a pidfd would be: its host handle turns readable when the child ended, so the
loop's selector reports it like any other I/O (and loop time follows the wall clock while a child runs)."""
import _socket
from asyncio import base_subprocess

from ..net import sockets
from . import popen


class SubprocessTransport(base_subprocess.BaseSubprocessTransport):
    def _start(self, args, shell, stdin, stdout, stderr, bufsize, **kwargs):
        self._proc = popen.Popen(
            args, shell=shell, stdin=stdin, stdout=stdout, stderr=stderr, universal_newlines=False, bufsize=bufsize,
            **kwargs,
        )


class ExitWatch:
    """A child's end as something a selector can watch (the host handle is readable once the child ended)."""

    def __init__(self, handle):
        self._h = handle
        self._lender = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
        self._fd = self._lender.fileno()
        sockets.track(self._fd, self)

    def fileno(self):
        return self._fd

    def close(self):
        self._lender.close()


async def make_subprocess_transport(loop, protocol, args, shell, stdin, stdout, stderr, bufsize, extra=None, **kwargs):
    waiter = loop.create_future()
    transport = SubprocessTransport(
        loop, protocol, args, shell, stdin, stdout, stderr, bufsize, waiter=waiter, extra=extra, **kwargs
    )
    _watch_exit(loop, transport)
    try:
        await waiter
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException:
        transport.close()
        await transport._wait()
        raise
    return transport


def _watch_exit(loop, transport):
    process = transport._proc
    watch = ExitWatch(process._process)

    def exited():
        loop._remove_reader(watch.fileno())
        watch.close()
        returncode = process.poll()
        # As asyncio's child watchers do: the transport hears of it in a callback of its own.
        loop.call_soon(transport._process_exited, 255 if returncode is None else returncode)

    loop._add_reader(watch.fileno(), exited)
