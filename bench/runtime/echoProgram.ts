// The loopback echo both runtime network benchmarks time: 10,000 round trips of 1 KiB through asyncio streams,
// client and server in one program; it prints the loop's own measure (`seconds N`) on the line marked `# @done`.
export const ECHO_PROGRAM = `import asyncio, time
async def handle(reader, writer):
    while data := await reader.read(65536):
        writer.write(data)
        await writer.drain()
    writer.close()
async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    reader, writer = await asyncio.open_connection('127.0.0.1', server.sockets[0].getsockname()[1])
    message = b'x' * 1024
    started = time.perf_counter()
    for _ in range(10000):
        writer.write(message)
        await writer.drain()
        await reader.readexactly(1024)
    print('seconds', time.perf_counter() - started)  # @done
    writer.close()
    server.close()
asyncio.run(main())
`;
