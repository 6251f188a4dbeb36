# Debug-adapter test program: a client of a server the test runs (its port is argv[1]); before connecting it
# runs a few lines, so a step back can go to before the I/O. Tests find lines by their "# @name" markers.
import asyncio
import sys


async def main(port):
    greeting = 'connecting'  # @before-connect
    reader, writer = await asyncio.open_connection('127.0.0.1', port)  # @connect
    writer.write(b'hello\n')  # @after-connect
    line = await reader.readline()  # @read-line
    print('got', line.decode().strip())  # @after-read
    writer.close()
    await writer.wait_closed()


asyncio.run(main(int(sys.argv[1])))
