"""CPython's own event loop on a virtual clock: the reference for the runtime's scheduling order.

BaseEventLoop._run_once runs unchanged; only its selector differs: select(timeout) does not wait, it moves a
virtual clock to the earliest timer (which is what the runtime's clock does when nothing is ready). Timers
with equal deadlines run in the order they were scheduled (the runtime's rule, and what a real clock gives,
where two deadlines are practically never equal), by a sequence number that breaks ties in the heap.
time.sleep() moves the clock as the runtime's does.

Usage: python3 virtual_loop.py PROGRAM.py [ARGS...]   (runs PROGRAM as __main__ with this loop)
"""
import asyncio
import heapq
import itertools
import runpy
import sys
import time
import warnings
from asyncio import base_events, events


class _Deadlock(RuntimeError):
    pass


class _SequencedTimer(events.TimerHandle):
    __slots__ = ('_seq',)

    def __lt__(self, other):
        return (self._when, self._seq) < (other._when, other._seq)

    def __le__(self, other):
        return (self._when, self._seq) <= (other._when, other._seq)

    def __gt__(self, other):
        return (self._when, self._seq) > (other._when, other._seq)

    def __ge__(self, other):
        return (self._when, self._seq) >= (other._when, other._seq)


class _VirtualSelector:
    def __init__(self, loop):
        self._loop = loop

    def select(self, timeout):
        loop = self._loop
        if timeout is None:
            raise _Deadlock('deadlock: nothing is ready and no timer is scheduled')
        if timeout > 0:
            loop._now = max(loop._now, float(loop._scheduled[0]._when))
        return []

    def close(self):
        pass


_clock = [0.0]


class VirtualLoop(base_events.BaseEventLoop):
    def __init__(self):
        super().__init__()
        self._clock_resolution = 1e-09
        self._selector = _VirtualSelector(self)
        self._sequence = itertools.count()

    @property
    def _now(self):
        return _clock[0]

    @_now.setter
    def _now(self, value):
        _clock[0] = value

    def time(self):
        return _clock[0]

    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError('when cannot be None')
        self._check_closed()
        timer = _SequencedTimer(when, callback, args, self, context)
        timer._seq = next(self._sequence)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


class VirtualPolicy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = VirtualLoop


def _sleep(seconds):
    _clock[0] += seconds


def main():
    warnings.simplefilter('ignore', DeprecationWarning)
    asyncio.set_event_loop_policy(VirtualPolicy())
    time.sleep = _sleep
    time.monotonic = lambda: _clock[0]
    path = sys.argv[1]
    sys.argv = sys.argv[1:]
    runpy.run_path(path, run_name='__main__')


if __name__ == '__main__':
    main()
