# Debug-adapter test program: listens on the port given as argv[1] and serves until stopped; with argv[2] ==
# 'leave' it returns at once, leaving its server and a connection to it open (the runtime must close them).
import asyncio
import sys


async def echo(reader, writer):
    while line := await reader.readline():
        writer.write(line)


async def main(port, leave):
    server = await asyncio.start_server(echo, '127.0.0.1', port)
    print('listening', flush=True)
    if leave:
        reader, writer = await asyncio.open_connection('127.0.0.1', port)
        writer.write(b'ping\n')
        print('left open', (await reader.readline()).decode().strip(), flush=True)
        return
    await server.serve_forever()


asyncio.run(main(int(sys.argv[1]), sys.argv[2:] == ['leave']))
