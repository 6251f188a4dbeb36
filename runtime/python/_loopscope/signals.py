"""Signals on the runtime, as a CPython process on Linux has them.

The program's signal handlers are Python's own (signal.signal): the worker learns what the program does with each
signal (default, ignore, a handler), so the session, which receives the process's signals, hands a signal to
Python's handler, ignores it, or ends the run as the signal would end the process. loop.add_signal_handler works as
in asyncio: the Python-level handler only notes the signal, and the loop runs the callback at its next iteration.
os.kill and signal.raise_signal reach real processes: the program's own pid (os.getpid() is the host process's) is
delivered as above, a child's pid or process group gets the real signal.

The runtime's own halt and pause use the last two real-time signals; what a program installs for those is kept
aside and reported back, so they never stop working.
"""
import enum
import operator
import os
import signal
from asyncio import coroutines, events

from . import hostlink
from .net import errors

_DEFAULT = 0
_IGNORE = 1
_HANDLER = 2

_original = {}
_internal = set()
_shadow = {}
"""What the program set for the runtime's own signal numbers (never installed)."""

arrived = []
"""Signals whose loop handlers must run: appended by the Python-level handler, emptied by the loop (dispatch)."""

_wakeup_loop = None
"""The loop that hears signals (asyncio's set_wakeup_fd is per process too: the last loop to add a handler)."""


def install(internal):
    _internal.update(internal)
    _original.update(signal=signal.signal, getsignal=signal.getsignal, ignore=signal.SIG_IGN)
    _linux_handler_constants()
    signal.signal = _set_handler
    signal.getsignal = _get_handler
    signal.raise_signal = _raise_signal
    os.kill = _kill
    os.killpg = _killpg
    os.getpid = _getpid
    os.getppid = _getppid
    # CPython ignores these two at start-up (a closed pipe is an error, not death).
    for name in ('SIGPIPE', 'SIGXFSZ'):
        number = getattr(signal, name, None)
        if number is not None:
            _original['signal'](number, _original['ignore'])
    for number in range(1, signal.NSIG):
        if number in _internal:
            continue
        try:
            handler = _original['getsignal'](number)
        except (ValueError, OSError):
            continue
        hostlink.host.signalDisposition(number, _disposition(handler))


def _linux_handler_constants():
    """SIG_IGN is 1 on Linux; WebAssembly's C library uses another number, which getsignal() would show."""
    handlers = enum.IntEnum('Handlers', {'SIG_DFL': 0, 'SIG_IGN': 1}, module='signal')
    handlers.__doc__ = signal.Handlers.__doc__
    signal.Handlers = handlers
    signal.SIG_DFL = handlers.SIG_DFL
    signal.SIG_IGN = handlers.SIG_IGN


def _to_c(handler):
    if not callable(handler) and handler == 1:
        return _original['ignore']
    return handler


def _from_c(handler):
    if handler is None or callable(handler):
        return handler
    if handler == _original['ignore']:
        return signal.SIG_IGN
    if handler == 0:
        return signal.SIG_DFL
    return handler


def _disposition(handler):
    if callable(handler):
        return _HANDLER
    if handler == _original['ignore'] or handler == 1:
        return _IGNORE
    return _DEFAULT


def _number(signalnum):
    number = operator.index(signalnum)
    if not 1 <= number < signal.NSIG:
        raise ValueError('signal number out of range')
    return number


def _set_handler(signalnum, handler):
    number = _number(signalnum)
    if number in (signal.SIGKILL, signal.SIGSTOP):
        raise errors.os_error(errors.LINUX['EINVAL'])
    if number in _internal:
        if not callable(handler) and handler not in (signal.SIG_IGN, signal.SIG_DFL):
            raise TypeError('signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object')
        previous = _shadow.get(number, signal.SIG_DFL)
        _shadow[number] = handler
        return previous
    previous = _original['signal'](signalnum, _to_c(handler))
    hostlink.host.signalDisposition(number, _disposition(handler))
    return _from_c(previous)


_set_handler.__doc__ = signal.signal.__doc__
_set_handler.__name__ = 'signal'


def _get_handler(signalnum):
    number = _number(signalnum)
    if number in _internal:
        return _shadow.get(number, signal.SIG_DFL)
    return _from_c(_original['getsignal'](signalnum))


_get_handler.__name__ = 'getsignal'


def _raise_signal(signalnum):
    _deliver_to_self(_number(signalnum))


_raise_signal.__name__ = 'raise_signal'


def _deliver_to_self(number):
    """As the kernel delivers a signal to the process: a handler runs before this returns, as under CPython."""
    status = hostlink.host.raiseSignal(number)
    if status == 0:
        # Give Python the chance to run the handler now (it checks for signals every few dozen bytecodes).
        for _ in range(64):
            if not hostlink.host.signalWaiting():
                break
            _spin()


def _spin():
    total = 0
    for i in range(100):
        total += i
    return total


def _kill(pid, signalnum):
    pid = operator.index(pid)
    signalnum = operator.index(signalnum)
    own = hostlink.processes.ownPid()
    if pid in (own, 0, -own):
        if signalnum == 0:
            return
        if not 0 < signalnum < signal.NSIG:
            raise errors.os_error(errors.LINUX['EINVAL'])
        _deliver_to_self(signalnum)
        return
    code = hostlink.processes.kill(pid, signalnum)
    if code:
        raise errors.os_error(errors.LINUX.get(code, errors.LINUX['EINVAL']))


_kill.__name__ = 'kill'


def _killpg(pgid, signalnum):
    pgid = operator.index(pgid)
    if pgid < 0:
        raise errors.os_error(errors.LINUX['EINVAL'])
    _kill(-pgid if pgid else 0, signalnum)


_killpg.__name__ = 'killpg'


def _getpid():
    return hostlink.processes.ownPid()


_getpid.__name__ = 'getpid'


def _getppid():
    return hostlink.processes.parentPid()


_getppid.__name__ = 'getppid'


# -- asyncio: loop.add_signal_handler -------------------------------------------------------------------------


def _loop_signal(signum, frame):
    # Only note it: this runs between any two bytecodes, possibly inside the loop's own bookkeeping, or just
    # after the loop looked at `arrived` and before it calls in to wait: the worker is told, so that wait returns.
    arrived.append(signum)
    hostlink.host.loopSignalArrived()


def add_loop_handler(loop, sig, callback, args):
    if coroutines.iscoroutine(callback) or coroutines._iscoroutinefunction(callback):
        raise TypeError('coroutines cannot be used with add_signal_handler()')
    loop._check_signal(sig)
    loop._check_closed()
    handle = events.Handle(callback, args, loop, None)
    loop._signal_handlers[sig] = handle
    try:
        signal.signal(sig, _loop_signal)
    except OSError as exc:
        del loop._signal_handlers[sig]
        if exc.errno == errors.LINUX['EINVAL']:
            raise RuntimeError(f'sig {sig} cannot be caught') from None
        raise
    global _wakeup_loop
    _wakeup_loop = loop
    hostlink.host.loopSignalHandlers(loop._lid, len(loop._signal_handlers))


def remove_loop_handler(loop, sig):
    global _wakeup_loop
    loop._check_signal(sig)
    try:
        del loop._signal_handlers[sig]
    except KeyError:
        return False
    handler = signal.default_int_handler if sig == signal.SIGINT else signal.SIG_DFL
    try:
        signal.signal(sig, handler)
    except OSError as exc:
        if exc.errno == errors.LINUX['EINVAL']:
            raise RuntimeError(f'sig {sig} cannot be caught') from None
        raise
    if not loop._signal_handlers and _wakeup_loop is loop:
        _wakeup_loop = None
    if not loop.is_closed():
        hostlink.host.loopSignalHandlers(loop._lid, len(loop._signal_handlers))
    return True


def dispatch():
    """At the top of a loop iteration (where asyncio's select would find its wakeup fd readable): the loop reads the
    signals in a callback of this iteration, which makes their handlers ready for the next one, as asyncio does."""
    hostlink.host.loopSignalsTaken()
    numbers = arrived[:]
    del arrived[: len(numbers)]
    loop = _wakeup_loop
    if loop is not None and not loop.is_closed():
        loop._call_soon(loop._process_self_data, (numbers,), None)
