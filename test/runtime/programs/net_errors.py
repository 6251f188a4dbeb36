# Network failures raise what CPython raises: a refused connection, a name that does not resolve, a read
# that times out, and an address already in use.
import asyncio
import socket


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


async def main():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.open_connection('127.0.0.1', free_port())
    except ConnectionRefusedError as error:
        print('refused:', type(error).__name__, error.errno, str(error).split(' Connect')[0])
    try:
        await loop.getaddrinfo('no-such-host.invalid', 80)
    except socket.gaierror as error:
        print('gaierror:', error.errno, error.strerror)
    entries = await loop.getaddrinfo('localhost', 8080, family=socket.AF_INET)
    print('localhost:', sorted({(family.name, kind.name, address) for family, kind, _, _, address in entries}))

    writers = []
    server = await asyncio.start_server(lambda r, w: writers.append(w), '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    try:
        await asyncio.wait_for(reader.readline(), 0.3)
    except TimeoutError as error:
        print('read timed out:', type(error).__name__)
    try:
        await asyncio.start_server(lambda r, w: None, '127.0.0.1', port)
    except OSError as error:
        print('in use:', error.errno, 'address already in use' in str(error))
    writer.close()
    await writer.wait_closed()
    for other in writers:
        other.close()
    server.close()
    await server.wait_closed()


asyncio.run(main())
