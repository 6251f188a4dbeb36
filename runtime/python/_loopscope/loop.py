"""LoopscopeEventLoop: the loop asyncio.run / Runner / new_event_loop create inside the runtime.

It keeps asyncio's own BaseEventLoop for everything above scheduling (run_until_complete, tasks, futures,
exception handling, async-generator shutdown) and replaces the scheduling core: call_soon/call_at append
records to a journal array that the TypeScript loop reads once per iteration; the TypeScript side decides
which handles run in this iteration (ready queue + due timers, CPython's _run_once policy) and writes
their ids back; Python runs them. One boundary crossing per iteration, not one per callback.
"""
import asyncio
from array import array
from asyncio import base_events, events
from asyncio.futures import _set_result_unless_cancelled

from . import clock, executor, hostlink, tasks_info

_JOURNAL_SLOTS = 3 * 8192
_OUT_SLOTS = 4096


class _TimerHandle(events.TimerHandle):
    __slots__ = ('_lsid',)


class LoopscopeEventLoop(executor.SimulatedExecutorMixin, base_events.BaseEventLoop):
    def __init__(self):
        super().__init__()
        host = hostlink.host
        ops = hostlink.ops
        self._op_ready = float(ops.ready)
        self._op_timer = float(ops.timer)
        self._op_cancel = float(ops.cancel)
        self._clock_resolution = 1e-09
        self._journal = array('d', bytes(8 * _JOURNAL_SLOTS))
        self._jn = 0
        self._jlimit = _JOURNAL_SLOTS - ops.max_record
        self._out = array('d', bytes(8 * _OUT_SLOTS))
        self._handles = {}
        self._next_handle_id = 1
        self._instrumented = hostlink.instrumented
        self._host_run_once = host.runOnce
        self._host_ingest = host.ingest
        self._lid = host.createLoop(self._journal.buffer_info()[0], _JOURNAL_SLOTS, self._out.buffer_info()[0], _OUT_SLOTS)
        self._init_executor()
        if self._instrumented:
            self._run_batch = self._run_batch_instrumented
        if not hostlink.virtual:
            self.time = clock._orig['monotonic']

    # -- clock ---------------------------------------------------------------------------------

    def time(self):
        return clock.state[0]

    # -- journal -------------------------------------------------------------------------------

    def _flush(self):
        """Hand pending journal records to the worker now (before a call that must see them)."""
        pending = hostlink.strings_pending
        if self._jn or pending:
            self._host_ingest(self._lid, self._jn, pending if pending else None)
            self._jn = 0
            if pending:
                pending.clear()

    def _string(self, text):
        return hostlink.string_id(text)

    def _call_soon(self, callback, args, context):
        handle = events.Handle(callback, args, self, context)
        if handle._source_traceback:
            del handle._source_traceback[-1]
        handle_id = self._next_handle_id
        self._next_handle_id = handle_id + 1
        self._handles[handle_id] = handle
        j = self._jn
        if j > self._jlimit:
            self._flush()
            j = 0
        journal = self._journal
        journal[j] = self._op_ready
        journal[j + 1] = handle_id
        self._jn = j + 2
        return handle

    def _add_callback(self, handle):
        if not handle._cancelled:
            self._enqueue(handle)

    def _enqueue(self, handle):
        handle_id = self._next_handle_id
        self._next_handle_id = handle_id + 1
        self._handles[handle_id] = handle
        j = self._jn
        if j > self._jlimit:
            self._flush()
            j = 0
        self._journal[j] = self._op_ready
        self._journal[j + 1] = handle_id
        self._jn = j + 2

    def call_soon_threadsafe(self, callback, *args, context=None):
        self._check_closed()
        if self._debug:
            self._check_callback(callback, 'call_soon_threadsafe')
        handle = events._ThreadSafeHandle(callback, args, self, context)
        if handle._source_traceback:
            del handle._source_traceback[-1]
        self._enqueue(handle)
        return handle

    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError('when cannot be None')
        self._check_closed()
        if self._debug:
            self._check_thread()
            self._check_callback(callback, 'call_at')
        timer = _TimerHandle(when, callback, args, self, context)
        if timer._source_traceback:
            del timer._source_traceback[-1]
        handle_id = self._next_handle_id
        self._next_handle_id = handle_id + 1
        timer._lsid = handle_id
        self._handles[handle_id] = timer
        j = self._jn
        if j > self._jlimit:
            self._flush()
            j = 0
        journal = self._journal
        journal[j] = self._op_timer
        journal[j + 1] = handle_id
        journal[j + 2] = when
        self._jn = j + 3
        timer._scheduled = True
        if self._instrumented and callback is _set_result_unless_cancelled:
            tasks_info.sleep_deadlines[id(args[0])] = when
        return timer

    def _timer_handle_cancelled(self, handle):
        if handle._scheduled:
            handle_id = getattr(handle, '_lsid', None)
            if handle_id is None:
                return
            self._handles.pop(handle_id, None)
            j = self._jn
            if j > self._jlimit:
                self._flush()
                j = 0
            self._journal[j] = self._op_cancel
            self._journal[j + 1] = handle_id
            self._jn = j + 2

    def _write_to_self(self):
        pass

    def _process_events(self, event_list):
        pass

    # -- one iteration ---------------------------------------------------------------------------

    def _run_once(self):
        if hostlink.halt is not None:
            raise hostlink.halt
        pending = hostlink.strings_pending
        if pending:
            n = self._host_run_once(self._lid, self._jn, self._stopping, pending)
            pending.clear()
        else:
            n = self._host_run_once(self._lid, self._jn, self._stopping, None)
        self._jn = 0
        while n < 0:
            n = self._special(n)
        if n:
            self._run_batch(n)

    def _run_batch(self, n):
        out = self._out
        handles = self._handles
        for i in range(n):
            handle_id = out[i]
            if handle_id < 0:
                handle = handles.pop(-handle_id, None)
                if handle is None:
                    continue
                handle._scheduled = False
            else:
                handle = handles.pop(handle_id)
            if handle._cancelled:
                continue
            handle._run()

    def _run_batch_instrumented(self, n):
        out = self._out
        handles = self._handles
        step = tasks_info.run_step
        for i in range(n):
            handle_id = out[i]
            if handle_id < 0:
                handle = handles.pop(-handle_id, None)
                if handle is None:
                    continue
                handle._scheduled = False
            else:
                handle = handles.pop(handle_id)
            if handle._cancelled:
                continue
            step(self, handle)

    def _special(self, status):
        ops = hostlink.ops
        if status == ops.need_capacity:
            needed = int(clock.state[2])
            self._out = array('d', bytes(8 * max(needed, 2 * len(self._out))))
            hostlink.host.setOutBuffer(self._lid, self._out.buffer_info()[0], len(self._out))
            return hostlink.host.runOnce(self._lid, 0, self._stopping, None)
        self._halt_from_status(status)

    def _halt_from_status(self, status):
        from . import halting

        halting.halt(self, status)

    def close(self):
        if self.is_running():
            raise RuntimeError('Cannot close a running event loop')
        if self._closed:
            return
        self._flush()
        super().close()
        self._handles.clear()
        hostlink.host.closeLoop(self._lid)

    # -- tasks -------------------------------------------------------------------------------

    def create_task(self, coro, **kwargs):
        task = super().create_task(coro, **kwargs)
        if self._instrumented:
            tasks_info.task_created(self, task)
            if hostlink.debugger is not None:
                hostlink.debugger.task_created(task)
        return task

    # -- what the runtime cannot do ----------------------------------------------------------

    def _unavailable(self, what, kind='sockets'):
        raise NotImplementedError(
            f'loopscope: {what} is not available: the Loopscope runtime runs Python in WebAssembly '
            f'without {kind}; programs can use timers, tasks, queues, locks and to_thread/run_in_executor '
            f'(simulated), not the network, subprocesses or OS signals'
        )

    async def create_connection(self, *args, **kwargs):
        self._unavailable('loop.create_connection()')

    async def create_server(self, *args, **kwargs):
        self._unavailable('loop.create_server()')

    async def create_datagram_endpoint(self, *args, **kwargs):
        self._unavailable('loop.create_datagram_endpoint()')

    async def create_unix_connection(self, *args, **kwargs):
        self._unavailable('loop.create_unix_connection()')

    async def create_unix_server(self, *args, **kwargs):
        self._unavailable('loop.create_unix_server()')

    async def getaddrinfo(self, *args, **kwargs):
        self._unavailable('loop.getaddrinfo()')

    async def getnameinfo(self, *args, **kwargs):
        self._unavailable('loop.getnameinfo()')

    async def subprocess_exec(self, *args, **kwargs):
        self._unavailable('loop.subprocess_exec()', 'subprocesses')

    async def subprocess_shell(self, *args, **kwargs):
        self._unavailable('loop.subprocess_shell()', 'subprocesses')

    async def connect_read_pipe(self, *args, **kwargs):
        self._unavailable('loop.connect_read_pipe()', 'pipes')

    async def connect_write_pipe(self, *args, **kwargs):
        self._unavailable('loop.connect_write_pipe()', 'pipes')

    def add_reader(self, *args, **kwargs):
        self._unavailable('loop.add_reader()', 'file-descriptor polling')

    def add_writer(self, *args, **kwargs):
        self._unavailable('loop.add_writer()', 'file-descriptor polling')

    def remove_reader(self, fd):
        return False

    def remove_writer(self, fd):
        return False

    def add_signal_handler(self, sig, callback, *args):
        self._unavailable('loop.add_signal_handler()', 'OS signals')

    def remove_signal_handler(self, sig):
        return False


class LoopscopeEventLoopPolicy(asyncio.events._BaseDefaultEventLoopPolicy):
    """The policy installed at start: every new loop is a LoopscopeEventLoop."""

    _loop_factory = LoopscopeEventLoop
