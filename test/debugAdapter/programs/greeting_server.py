# Debug-adapter test program: a server (port argv[1]) whose handler greets each client the test connects,
# three in all, then the program ends. Tests find lines by their "# @name" markers.
import asyncio
import sys


async def main(port):
    done = asyncio.Event()
    greeted = []

    async def greet(reader, writer):
        name = (await reader.readline()).decode().strip()
        greeted.append(name)  # @handler
        writer.write(f'hello {name}\n'.encode())
        await writer.drain()
        writer.close()
        if len(greeted) == 3:
            done.set()

    server = await asyncio.start_server(greet, '127.0.0.1', port)
    async with server:
        await done.wait()
    print('greeted', greeted)


asyncio.run(main(int(sys.argv[1])))
