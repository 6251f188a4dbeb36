# The low-level asyncio API: loop.subprocess_exec with a SubprocessProtocol (pipe transports, pipe_data_received,
# pipe_connection_lost, process_exited, connection_lost), loop.subprocess_shell, and connect_read_pipe /
# connect_write_pipe on the pipes of Popen children and on the program's own stdout (a pipe here).
import asyncio
import subprocess
import sys


class Recorder(asyncio.SubprocessProtocol):
    def __init__(self, done):
        self.done = done
        self.events = []
        self.output = {1: b'', 2: b''}

    def connection_made(self, transport):
        self.transport = transport
        self.events.append('connection_made')

    def pipe_data_received(self, fd, data):
        self.output[fd] += data

    def pipe_connection_lost(self, fd, exc):
        self.events.append(f'pipe_connection_lost({fd}, {exc})')

    def process_exited(self):
        self.events.append(f'process_exited({self.transport.get_returncode()})')

    def connection_lost(self, exc):
        self.events.append(f'connection_lost({exc})')
        self.done.set_result(None)


class Collector(asyncio.Protocol):
    def __init__(self):
        self.data = b''
        self.eof = False
        self.lost = asyncio.get_running_loop().create_future()

    def data_received(self, data):
        self.data += data

    def eof_received(self):
        self.eof = True

    def connection_lost(self, exc):
        self.lost.set_result(exc)


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    transport, recorder = await loop.subprocess_exec(
        lambda: Recorder(done), 'sh', '-c', 'cat; echo "to stderr" >&2; exit 5',
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdin = transport.get_pipe_transport(0)
    print('pipes:', [transport.get_pipe_transport(fd) is not None for fd in range(4)], transport.get_pid() > 0)
    stdin.write(b'through stdin\n')
    print('can_write_eof:', stdin.can_write_eof())
    stdin.write_eof()
    await done
    print('events:', recorder.events[0], recorder.events[-1], sorted(recorder.events[1:-1]))
    print('output:', recorder.output, transport.get_returncode())
    transport.close()

    done = loop.create_future()
    transport, recorder = await loop.subprocess_shell(lambda: Recorder(done), 'echo shell; exit 0', stdin=None)
    await done
    print('shell:', recorder.output, transport.get_returncode(), transport.get_pipe_transport(0))
    transport.close()

    child = subprocess.Popen(['printf', 'one\\ntwo\\n'], stdout=subprocess.PIPE)
    read_transport, collector = await loop.connect_read_pipe(Collector, child.stdout)
    print('read pipe:', await collector.lost, collector.data, collector.eof, read_transport.is_closing(),
          read_transport.get_extra_info('pipe') is child.stdout)
    child.wait()

    child = subprocess.Popen(['cat'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    write_transport, _ = await loop.connect_write_pipe(asyncio.Protocol, child.stdin)
    write_transport.write(b'through a write pipe\n')
    write_transport.close()
    await asyncio.sleep(0)
    print('write pipe:', child.stdout.read(), child.wait())

    sys.stdout.flush()
    out_transport, _ = await loop.connect_write_pipe(asyncio.Protocol, sys.stdout.buffer)
    out_transport.write(b'written by a pipe transport on stdout\n')
    await asyncio.sleep(0)
    print('stdout transport buffer:', out_transport.get_write_buffer_size(), flush=True)


asyncio.run(main())
