# Debug-adapter test program: an HTTP-ish asyncio streams server queried by a client in the same program.
# Tests find lines by their "# @name" markers.
import asyncio


async def handle(reader, writer):
    request = await reader.readline()  # @server-read
    method, path, _ = request.decode().split(' ', 2)
    body = f'hello from {path}'.encode()  # @handler
    writer.write(b'HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n' % len(body) + body)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def fetch(port, path):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    writer.write(f'GET {path} HTTP/1.0\r\n\r\n'.encode())
    await writer.drain()
    status = await reader.readline()  # @client-read
    headers = await reader.readuntil(b'\r\n\r\n')
    body = await reader.read()
    writer.close()
    await writer.wait_closed()
    return status.decode().strip(), body.decode()


async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        serving = asyncio.create_task(server.serve_forever(), name='server')
        status, body = await asyncio.create_task(fetch(port, '/tasks'), name='client')  # @fetch
        print(status, body)
        serving.cancel()


asyncio.run(main())
