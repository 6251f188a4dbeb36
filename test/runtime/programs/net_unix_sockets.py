# Unix domain sockets: an asyncio server and client on a path in a temporary folder.
import asyncio
import os
import tempfile


async def greet(reader, writer):
    name = (await reader.readline()).decode().strip()
    writer.write(f'hello {name}\n'.encode())
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'greeter.sock')
        server = await asyncio.start_unix_server(greet, path)
        for name in ('ada', 'grace'):
            reader, writer = await asyncio.open_unix_connection(path)
            writer.write(name.encode() + b'\n')
            print((await reader.readline()).decode().strip())
            writer.close()
            await writer.wait_closed()
        server.close()
        await server.wait_closed()


asyncio.run(main())
