# Serves until Ctrl+C (the test sends SIGINT once it has had its answer): a replay gets the signal where the
# recorded run got it and ends the same way.
import asyncio
import sys


async def greet(reader, writer):
    name = (await reader.readline()).decode().strip()
    print('greeting', name, flush=True)
    writer.write(f'hello {name}\n'.encode())
    await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(greet, '127.0.0.1', 0)
    print('serving on', server.sockets[0].getsockname()[1], flush=True)
    try:
        async with server:
            await server.serve_forever()
    finally:
        print('server closed')


asyncio.run(main())
