# A streams echo server and several clients in one program: lines, exact reads, half-close, a large
# payload through drain() back-pressure, and the server's orderly shutdown.
import asyncio

connections = []


async def handle(reader, writer):
    connections.append(writer)
    peer = writer.get_extra_info('peername')
    while line := await reader.readline():
        if line == b'big\n':
            size = int((await reader.readline()).decode())
            data = await reader.readexactly(size)
            writer.write(len(data).to_bytes(8, 'big') + data[::-1])
        else:
            writer.write(b'echo ' + line)
        await writer.drain()
    writer.write(b'bye from ' + peer[0].encode() + b'\n')
    await writer.drain()
    writer.close()


async def client(port, name):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    replies = []
    for i in range(3):
        writer.write(f'{name} {i}\n'.encode())
        await writer.drain()
        replies.append((await reader.readline()).decode().strip())
    writer.write_eof()
    replies.append((await reader.read()).decode().strip())
    writer.close()
    await writer.wait_closed()
    return replies


async def big(port):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    payload = bytes(range(256)) * 8192  # 2 MiB
    writer.write(b'big\n' + str(len(payload)).encode() + b'\n')
    writer.write(payload)
    await writer.drain()
    size = int.from_bytes(await reader.readexactly(8), 'big')
    back = await reader.readexactly(size)
    writer.close()
    await writer.wait_closed()
    return size, back == payload[::-1]


async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    print('listening on', server.sockets[0].getsockname()[0], server.is_serving())
    results = await asyncio.gather(*(client(port, f'client{n}') for n in range(4)))
    for replies in results:
        print(replies)
    print('big', await big(port))
    server.close()
    await server.wait_closed()
    print('served', len(connections), 'connections; serving:', server.is_serving())


asyncio.run(main())
