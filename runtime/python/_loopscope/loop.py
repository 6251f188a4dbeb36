"""LoopscopeEventLoop: the loop asyncio.run / Runner / new_event_loop create inside the runtime.

It keeps asyncio's own BaseEventLoop for everything above scheduling (run_until_complete, tasks, futures,
exception handling, async-generator shutdown) and replaces the scheduling core: call_soon/call_at append
records to a journal array that the TypeScript loop reads once per iteration; the TypeScript side decides
which handles run in this iteration (ready queue + due timers, CPython's _run_once policy) and writes
their ids back; Python runs them. One boundary crossing per iteration, not one per callback.

Under the virtual clock the worker may also lend the iterations that follow, when each would only run the
timers due at the next deadline (`_run_lent`): Python runs such a batch only while nothing done since the
crossing could change it, and hands the rest back otherwise, so the order and the clock of every callback
are those of CPython's one-iteration-at-a-time policy.
"""
import asyncio
import contextvars
import functools
import os
import socket
import struct
import sys
from array import array
from asyncio import base_events, events, exceptions, format_helpers, unix_events
from asyncio.futures import _set_result_unless_cancelled

from . import clock, executor, halting, hostlink, tasks_info
from . import signals as program_signals
from .net import errors as net_errors
from .net import resolver, tls
from .net.selector import HostSelector
from .proc import pipe_transports, subprocess_transport

_signals_arrived = program_signals.arrived

_JOURNAL_SLOTS = 3 * 8192
_OUT_SLOTS = 4096
_IO_EVENT_SLOTS = 2 * 1024
_RESOLUTION = 1e-09
_INFINITY = float('inf')
_clock_state = clock.state
_clock_reads = clock.reads
_pack_timer = struct.Struct('3d').pack_into
"""Writes a [op, handle id, when] record into the journal at a byte offset (faster than three item stores)."""
_ZERO = array('d', [0.0])


def _zeros(slots):
    """A float64 array of `slots` zeros: repeating one element is several times faster than converting a zeroed
    bytes object, and a loop is made for every asyncio.run (and every test of an asyncio test suite)."""
    return _ZERO * slots


_copy_context = contextvars.copy_context
_extract_stack = format_helpers.extract_stack


class Handle(events.Handle):
    """asyncio's Handle, initialized in one call (one is made per call_soon); the same name in reprs."""

    __slots__ = ()

    def __init__(self, callback, args, loop, context=None):
        if context is None:
            context = _copy_context()
        self._context = context
        self._loop = loop
        self._callback = callback
        self._args = args
        self._cancelled = False
        self._repr = None
        # As events.Handle does, from the frame that made the handle.
        self._source_traceback = _extract_stack(sys._getframe(1)) if loop._debug else None


class TimerHandle(events.TimerHandle):
    """asyncio's TimerHandle with the runtime's handle id (for cancellations), initialized in one call."""

    __slots__ = ('_lsid',)

    def __init__(self, when, callback, args, loop, context=None):
        if context is None:
            context = _copy_context()
        self._context = context
        self._loop = loop
        self._callback = callback
        self._args = args
        self._cancelled = False
        self._repr = None
        self._source_traceback = _extract_stack(sys._getframe(1)) if loop._debug else None
        self._when = when
        self._scheduled = False


class LoopscopeEventLoop(executor.SimulatedExecutorMixin, unix_events._UnixSelectorEventLoop):
    """asyncio's Unix selector loop (transports, servers, sock_* methods, Unix sockets) over the runtime's
    scheduling core and the host's sockets; the selector only tells the worker what to watch."""

    def __init__(self, selector=None):
        # `selector` is accepted as SelectorEventLoop's is, and not used: the host watches the sockets.
        host = hostlink.host
        ops = hostlink.ops
        self._op_ready = float(ops.ready)
        self._op_timer = float(ops.timer)
        self._op_cancel = float(ops.cancel)
        self._clock_resolution = _RESOLUTION
        self._journal = _zeros(_JOURNAL_SLOTS)
        self._jn = 0
        self._jlimit = _JOURNAL_SLOTS - ops.max_record
        self._out = _zeros(_OUT_SLOTS)
        # [lent batch count, (size, deadline) per batch], written by the worker at each crossing.
        self._batches = _zeros(1 + 2 * ops.max_lent_batches)
        self._handback = -1
        """-1, or how many out entries were consumed when _run_once was left early (the rest goes back)."""
        self._flushes = 0
        self._handles = {}
        self._next_handle_id = 1
        self._instrumented = hostlink.instrumented
        self._host_run_once = host.runOnce
        self._host_ingest = host.ingest
        self._lid = host.createLoop(
            self._journal.buffer_info()[0],
            _JOURNAL_SLOTS,
            self._out.buffer_info()[0],
            _OUT_SLOTS,
            self._batches.buffer_info()[0],
        )
        # [fd or -query, mask] pairs of the sockets (and name queries) ready in an iteration.
        self._io_events = _zeros(_IO_EVENT_SLOTS)
        hostlink.io.setEventBuffer(self._lid, self._io_events.buffer_info()[0], _IO_EVENT_SLOTS)
        self._queries = {}
        super().__init__(HostSelector(self._lid))
        self._init_executor()
        if self._instrumented:
            self._run_batch = self._run_batch_instrumented
        if not hostlink.virtual:
            self.time = clock.real_monotonic

    # -- clock ---------------------------------------------------------------------------------

    def time(self):
        return _clock_state[0]

    # -- journal -------------------------------------------------------------------------------

    def _flush(self):
        """Hand pending journal records to the worker now (before a call that must see them)."""
        self._flushes += 1
        pending = hostlink.strings_pending
        if self._jn or pending:
            # Taken before the call: a signal handler may run right after it and schedule callbacks.
            jn = self._jn
            self._jn = 0
            if pending:
                hostlink.strings_pending = []
            self._host_ingest(self._lid, jn, pending if pending else None)

    def _string(self, text):
        return hostlink.string_id(text)

    def call_soon(self, callback, *args, context=None):
        # BaseEventLoop.call_soon + _call_soon in one frame (futures and tasks call this for every wakeup).
        if self._closed:
            raise RuntimeError('Event loop is closed')
        if self._debug:
            self._check_thread()
            self._check_callback(callback, 'call_soon')
        handle = Handle(callback, args, self, context)
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

    def _call_soon(self, callback, args, context):
        handle = Handle(callback, args, self, context)
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

    def call_later(self, delay, callback, *args, context=None):
        # BaseEventLoop.call_later + call_at in one frame.
        if delay is None:
            raise TypeError('delay must not be None')
        when = self.time() + delay
        if self._closed:
            raise RuntimeError('Event loop is closed')
        if self._debug:
            self._check_thread()
            self._check_callback(callback, 'call_at')
        timer = TimerHandle(when, callback, args, self, context)
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
        _pack_timer(self._journal, 8 * j, self._op_timer, handle_id, when)
        self._jn = j + 3
        timer._scheduled = True
        if self._instrumented and callback is _set_result_unless_cancelled:
            tasks_info.sleep_deadlines[id(args[0])] = when
        return timer

    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError('when cannot be None')
        if self._closed:
            raise RuntimeError('Event loop is closed')
        if self._debug:
            self._check_thread()
            self._check_callback(callback, 'call_at')
        timer = TimerHandle(when, callback, args, self, context)
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
        _pack_timer(self._journal, 8 * j, self._op_timer, handle_id, when)
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

    # There are no threads to wake the loop from: the worker wakes itself for I/O and timers.
    def _make_self_pipe(self):
        pass

    def _close_self_pipe(self):
        pass

    def _write_to_self(self):
        pass

    # -- one iteration ---------------------------------------------------------------------------

    def run_forever(self):
        """BaseEventLoop.run_forever, calling each iteration through a partial (a C callable).

        That makes every iteration a new interpreter frame. Under V8's baseline wasm tier a frame keeps the
        code it started with (there is no on-stack replacement for wasm), and CPython runs a Python call in the
        caller's frame: with a plain method call the loop's own Python would run on CPython's baseline-compiled
        eval loop for the whole program, long after the optimized one is there.
        """
        self._run_forever_setup()
        try:
            run_once = functools.partial(type(self)._run_once, self)
            while True:
                run_once()
                if self._stopping:
                    break
        finally:
            self._run_forever_cleanup()

    def _run_once(self):
        if hostlink.halt is not None:
            raise hostlink.halt
        _clock_reads[0] = 0
        if _signals_arrived:
            program_signals.dispatch()
        n = self._hand_over_and_run_once(self._handback)
        # Until this iteration is done, everything handed over counts as not consumed: if an exception
        # (KeyboardInterrupt, a halt) leaves early, it all goes back, and what already ran is skipped later.
        self._handback = 0
        while n < 0:
            n = self._special(n)
        if self._batches[0]:
            self._run_lent(n)
        else:
            if n:
                if self._debug:
                    self._run_batch_debug(0, n)
                else:
                    self._run_batch(0, n)
            self._handback = -1

    def _hand_over_and_run_once(self, handback):
        """One iteration of the worker's loop, given the journal and the new strings. Both are taken before the
        call: a signal handler may run as soon as it returns."""
        jn = self._jn
        self._jn = 0
        pending = hostlink.strings_pending
        if pending:
            hostlink.strings_pending = []
            return self._host_run_once(self._lid, jn, self._stopping, pending, handback)
        return self._host_run_once(self._lid, jn, self._stopping, None, handback)

    def _run_batch(self, start, end):
        out = self._out
        handles = self._handles
        # On an exception, everything up to the handle that raised counts as consumed (as _ready.popleft()).
        i = start - 1
        try:
            for i in range(start, end):
                handle_id = out[i]
                if handle_id < 0:
                    handle = handles.pop(-handle_id, None)
                    if handle is None:
                        continue
                    handle._scheduled = False
                else:
                    handle = handles.pop(handle_id, None)
                    if handle is None:
                        continue
                if handle._cancelled:
                    continue
                handle._run()
        except BaseException:
            self._handback = i + 1
            raise
        finally:
            # A traceback that outlives the batch keeps this frame (the f_back of a callback's frame): it must
            # not keep the last handle, and through it a finished task, alive (CPython's _run_once does the same).
            handle = None

    def _run_batch_instrumented(self, start, end):
        out = self._out
        handles = self._handles
        step = tasks_info.run_step
        i = start - 1
        try:
            for i in range(start, end):
                handle_id = out[i]
                if handle_id < 0:
                    handle = handles.pop(-handle_id, None)
                    if handle is None:
                        continue
                    handle._scheduled = False
                else:
                    handle = handles.pop(handle_id, None)
                    if handle is None:
                        continue
                if handle._cancelled:
                    continue
                step(self, handle)
        except BaseException:
            self._handback = i + 1
            raise
        finally:
            handle = None

    def _run_batch_debug(self, start, end):
        """_run_batch in debug mode: each callback is timed (_run_timed)."""
        out = self._out
        handles = self._handles
        step = tasks_info.run_step if self._instrumented else None
        i = start - 1
        try:
            for i in range(start, end):
                handle_id = out[i]
                if handle_id < 0:
                    handle = handles.pop(-handle_id, None)
                    if handle is None:
                        continue
                    handle._scheduled = False
                else:
                    handle = handles.pop(handle_id, None)
                    if handle is None:
                        continue
                if handle._cancelled:
                    continue
                self._run_timed(handle, step)
        except BaseException:
            self._handback = i + 1
            raise
        finally:
            handle = None

    def _run_timed(self, handle, step):
        """Debug mode: run one callback and log it when it took slow_callback_duration or more, measured on the
        clock the program sees (loop.time(): virtual time moves inside a callback only when it blocks, as with
        time.sleep, so a callback is slow exactly when the program could tell)."""
        self._current_handle = handle
        try:
            started = self.time()
            if step is None:
                handle._run()
            else:
                step(self, handle)
            took = self.time() - started
            if took >= self.slow_callback_duration:
                base_events.logger.warning('Executing %s took %.3f seconds', base_events._format_handle(handle), took)
        finally:
            self._current_handle = None
            handle = None

    def _run_lent(self, at):
        """Run this iteration's batch (out entries before `at`), then the deadline batches the worker lent.

        Each is the next iteration of _run_once exactly when, since the crossing, nothing was made ready
        (call_soon), no timer was scheduled at or before its deadline, nothing was cancelled or flushed to
        the worker, time did not move (time.sleep), and the loop is not stopping. Otherwise the rest is
        handed back and the worker decides the next iteration as usual.
        """
        batches = self._batches
        journal = self._journal
        op_timer = self._op_timer
        state = _clock_state
        now = state[0]
        flushes = self._flushes
        scanned = 0
        earliest = _INFINITY
        debug = self._debug
        if at:
            if debug:
                self._run_batch_debug(0, at)
            else:
                self._run_batch(0, at)
        out = self._out
        handles = self._handles
        step = tasks_info.run_step if self._instrumented else None
        k = 1
        i = at - 1
        try:
            for _ in range(int(batches[0])):
                if (
                    self._flushes != flushes
                    or self._stopping
                    or state[0] != now
                    or hostlink.halt is not None
                    or _signals_arrived
                ):
                    break
                jn = self._jn
                if jn != scanned:
                    # Only timers may have been scheduled; the earliest must come after this batch.
                    while scanned < jn and journal[scanned] == op_timer:
                        when = journal[scanned + 2]
                        if when < earliest:
                            earliest = when
                        scanned += 3
                    if scanned < jn:
                        break
                deadline = batches[k + 1]
                if earliest < deadline + _RESOLUTION:
                    break
                end = at + int(batches[k])
                k += 2
                state[0] = now = deadline
                # Lent entries are all timers (negated ids).
                for i in range(at, end):
                    handle = handles.pop(-out[i], None)
                    if handle is None:
                        continue
                    handle._scheduled = False
                    if handle._cancelled:
                        continue
                    if debug:
                        self._run_timed(handle, step)
                    elif step is None:
                        handle._run()
                    else:
                        step(self, handle)
                at = end
            else:
                self._handback = -1
                return
        except BaseException:
            self._handback = i + 1
            raise
        finally:
            handle = None
        self._handback = at

    def _special(self, status):
        ops = hostlink.ops
        if status == ops.io_events:
            return self._run_io_events(int(_clock_state[3]))
        if status == ops.need_capacity:
            needed = int(clock.state[2])
            self._out = _zeros(max(needed, 2 * len(self._out)))
            hostlink.host.setOutBuffer(self._lid, self._out.buffer_info()[0], len(self._out))
            return hostlink.host.runOnce(self._lid, 0, self._stopping, None, -1)
        if halting.stop_before_halt(self, status):
            # What the user did while stopped (an event set, a task cancelled) is handed over with the next look.
            return self._hand_over_and_run_once(-1)
        self._halt_from_status(status)

    def _run_io_events(self, count):
        """Queue the callbacks of the ready sockets (and answer finished name queries), then finish the iteration."""
        events = self._io_events
        pairs = []
        for i in range(0, 2 * count, 2):
            key = int(events[i])
            if key < 0:
                self._query_answered(-key)
            else:
                pairs.append((key, int(events[i + 1])))
        if pairs:
            self._process_events(self._selector.events(pairs))
        jn = self._jn
        self._jn = 0
        pending = hostlink.strings_pending
        if pending:
            hostlink.strings_pending = []
        return self._host_run_once(self._lid, jn, self._stopping, pending if pending else None, -1, True)

    # -- TLS (the host's OpenSSL: Pyodide's ssl module is a stub) ------------------------------------

    def _make_ssl_transport(
        self, rawsock, protocol, sslcontext, waiter=None, *, server_side=False, server_hostname=None,
        extra=None, server=None, ssl_handshake_timeout=None, ssl_shutdown_timeout=None,
    ):
        return tls.make_ssl_transport(
            self, rawsock, protocol, sslcontext, waiter, server_side, server_hostname, extra, server, ssl_handshake_timeout
        )

    async def start_tls(
        self, transport, protocol, sslcontext, *, server_side=False, server_hostname=None,
        ssl_handshake_timeout=None, ssl_shutdown_timeout=None,
    ):
        return await tls.start_tls(self, transport, protocol, sslcontext, server_side, server_hostname, ssl_handshake_timeout)

    def _sock_connect_cb(self, fut, sock, address):
        # selector_events' version, with the error built as on Linux (OSError(111) is not
        # ConnectionRefusedError under Pyodide's errno numbering).
        if fut.done():
            return
        try:
            err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if err != 0:
                raise net_errors.os_error(err, f'Connect call failed {address}')
        except (BlockingIOError, InterruptedError):
            pass
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            fut.set_exception(exc)
        else:
            fut.set_result(None)
        finally:
            fut = None

    async def create_unix_server(self, protocol_factory, path=None, *, sock=None, cleanup_socket=True, **kwargs):
        # The stale-socket check and the clean-up stat the socket file, which Pyodide's file system cannot
        # (it knows files, folders and links only): the host removes a stale socket first, and the host
        # server removes its socket file when it closes.
        if path is not None and sock is None:
            target = os.fsdecode(os.fspath(path))
            if target and target[0] != '\x00':
                hostlink.io.removeStaleSocket(target)
        return await super().create_unix_server(protocol_factory, path, sock=sock, cleanup_socket=False, **kwargs)

    # -- name resolution -------------------------------------------------------------------------

    async def getaddrinfo(self, host, port, *, family=0, type=0, proto=0, flags=0):
        query = resolver.Query(resolver._normalize_host(host), port, family, type, proto, flags)
        found = query.immediate()
        if found is not None:
            return found
        q = hostlink.io.resolve(query.host, query.host_family(), self._lid)
        return await self._query_future(q, query.from_answer)

    async def getnameinfo(self, sockaddr, flags=0):
        host, port = sockaddr[0], int(sockaddr[1])
        numeric = resolver.numeric_name(host, port, flags)
        if numeric is not None:
            return numeric
        q = hostlink.io.resolveService(host, port, self._lid)
        return await self._query_future(q, lambda text: resolver.name_from_answer(text, host, port, flags))

    def _query_future(self, q, build):
        future = self.create_future()
        self._queries[q] = (future, build)
        future.add_done_callback(functools.partial(self._query_done, q))
        return future

    def _query_answered(self, q):
        entry = self._queries.pop(q, None)
        if entry is None:
            return
        future, build = entry
        answer = hostlink.io.answer(q)
        if future.done():
            return
        try:
            future.set_result(build(answer))
        except Exception as error:
            future.set_exception(error)

    def _query_done(self, q, future):
        if self._queries.pop(q, None) is not None:
            hostlink.io.dropQuery(q)

    def _halt_from_status(self, status):
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
        if task._source_traceback:
            # As BaseEventLoop.create_task drops its own frame: the task was created where this was called.
            del task._source_traceback[-1]
        try:
            if self._instrumented:
                tasks_info.task_created(self, task)
                if hostlink.debugger is not None:
                    hostlink.debugger.task_created(task)
            return task
        finally:
            # As BaseEventLoop.create_task (gh-128552): an eager task's exception traceback holds this frame,
            # which must not hold the task.
            del task

    # -- subprocesses, pipes and signals (proc/, signals.py) ----------------------------------------

    async def _make_subprocess_transport(self, protocol, args, shell, stdin, stdout, stderr, bufsize, extra=None,
                                         **kwargs):
        return await subprocess_transport.make_subprocess_transport(
            self, protocol, args, shell, stdin, stdout, stderr, bufsize, extra, **kwargs
        )

    def _make_read_pipe_transport(self, pipe, protocol, waiter=None, extra=None):
        return pipe_transports.read_transport(self, pipe, protocol, waiter, extra)

    def _make_write_pipe_transport(self, pipe, protocol, waiter=None, extra=None):
        return pipe_transports.write_transport(self, pipe, protocol, waiter, extra)

    def add_signal_handler(self, sig, callback, *args):
        program_signals.add_loop_handler(self, sig, callback, args)

    def remove_signal_handler(self, sig):
        return program_signals.remove_loop_handler(self, sig)

    async def _sock_sendfile_native(self, sock, file, offset, count):
        raise exceptions.SendfileNotAvailableError('os.sendfile() is not available on the runtime')


class LoopscopeEventLoopPolicy(asyncio.events._BaseDefaultEventLoopPolicy):
    """The policy installed at start: every new loop is a LoopscopeEventLoop."""

    _loop_factory = LoopscopeEventLoop
