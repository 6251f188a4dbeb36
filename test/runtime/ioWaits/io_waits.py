# Runtime test program: a task in each kind of I/O wait, so the test can check how each is described.
import asyncio
import socket

import wirelib


async def lines(reader, writer):
    while line := await reader.readline():
        await asyncio.sleep(0.05)
        writer.write(line)
        await writer.drain()
    writer.close()


async def slow_reader(reader, writer):
    await asyncio.sleep(0.2)
    while await reader.read(1 << 20):
        pass
    writer.close()


async def main():
    loop = asyncio.get_running_loop()
    await loop.getaddrinfo('localhost', 80, type=socket.SOCK_STREAM)
    server = await asyncio.start_server(lines, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    serving = asyncio.create_task(server.serve_forever(), name='serving')

    client = await wirelib.connect_tcp('127.0.0.1', port)
    client._protocol.transport.write(b'one\n')
    print('library receive', await client.receive())
    client._protocol.transport.write(b'two\n')
    async for message in wirelib.messages(client):
        print('library generator', message)
        break
    client._protocol.transport.close()

    sink = await asyncio.start_server(slow_reader, '127.0.0.1', 0)
    sink_port = sink.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', sink_port)
    writer.write(b'x' * (8 << 20))
    await writer.drain()
    writer.close()
    await writer.wait_closed()

    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen()
    listener.setblocking(False)
    accepting = asyncio.create_task(loop.sock_accept(listener), name='sock-acceptor')
    await asyncio.sleep(0.05)
    connection = socket.socket()
    connection.setblocking(False)
    await loop.sock_connect(connection, listener.getsockname())
    accepted, _ = await accepting
    for each in (accepted, connection, listener):
        each.close()

    serving.cancel()
    server.close()
    sink.close()
    await sink.wait_closed()
    print('done')


asyncio.run(main())
