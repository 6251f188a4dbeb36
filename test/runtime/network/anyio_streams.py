# anyio on asyncio: a TCP listener served in a task group, a client stream, and name resolution.
import anyio


async def handler(client):
    async with client:
        await client.send(b'anyio:' + await client.receive(1024))


async def main():
    listener = await anyio.create_tcp_listener(local_host='127.0.0.1')
    port = listener.extra(anyio.abc.SocketAttribute.local_port)
    async with anyio.create_task_group() as group:
        group.start_soon(listener.serve, handler)
        async with await anyio.connect_tcp('127.0.0.1', port) as stream:
            await stream.send(b'ping')
            print(await stream.receive())
        with anyio.fail_after(5):
            entries = await anyio.getaddrinfo('localhost', 80, family=2)
        print(sorted({(family.name, kind.name) for family, kind, *_ in entries}))
        group.cancel_scope.cancel()
    print('done')


anyio.run(main)
