# A connection the peer resets while this side writes fails with a ConnectionError, as on CPython, and the
# loop goes on: later connections (whose host sockets may reuse the numbers of the closed ones) carry their
# bytes intact, in order, in both directions.
import asyncio
import hashlib


async def reset_while_writing():
    async def handle(reader, writer):
        await reader.read(1)
        # Closing with received bytes unread makes the OS reset the connection (RST), not end it.
        writer.transport.abort()

    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    try:
        for _ in range(2000):
            writer.write(b'x' * 65536)
            await writer.drain()
        print('reset: never noticed')
    except ConnectionError:
        print('reset: the writer failed with a ConnectionError')
    writer.close()
    server.close()
    await server.wait_closed()


async def echo_many(count):
    async def handle(reader, writer):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]

    async def client(number):
        reader, writer = await asyncio.open_connection('127.0.0.1', port)
        payload = bytes((number + i) % 251 for i in range(3000 + 997 * number))
        for start in range(0, len(payload), 1500):
            writer.write(payload[start:start + 1500])
        writer.write_eof()
        echoed = await reader.read(-1)
        writer.close()
        await writer.wait_closed()
        return hashlib.sha256(echoed).hexdigest() == hashlib.sha256(payload).hexdigest()

    for round_ in range(3):
        results = await asyncio.gather(*(client(n) for n in range(count)))
        print(f'round {round_}: {sum(results)} of {count} echoed intact')
    server.close()
    await server.wait_closed()


async def main():
    await reset_while_writing()
    await echo_many(12)
    await reset_while_writing()
    await echo_many(12)


asyncio.run(main())
