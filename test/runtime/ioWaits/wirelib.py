"""A stand-in for a network library (installed in a virtualenv by the test, so it is library code): like
aiohttp, websockets and anyio it waits on futures and events of its own while its transport reads."""
import asyncio


class WireProtocol(asyncio.Protocol):
    def __init__(self):
        self.transport = None
        self.waiter = None
        self.lines = []

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.lines.append(data)
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)


class WireClient:
    def __init__(self, protocol):
        self._protocol = protocol

    async def receive(self):
        while not self._protocol.lines:
            self._protocol.waiter = asyncio.get_running_loop().create_future()
            await self._protocol.waiter
        return self._protocol.lines.pop(0)


async def connect_tcp(remote_host, remote_port):
    """Connects in a helper task and waits on an event, as anyio's happy eyeballs do."""
    loop = asyncio.get_running_loop()
    connected = asyncio.Event()
    found = []

    async def attempt():
        found.append(await loop.create_connection(WireProtocol, remote_host, remote_port))
        connected.set()

    helper = loop.create_task(attempt(), name='wirelib-attempt')
    await connected.wait()
    await helper
    return WireClient(found[0][1])


async def messages(client):
    """An async generator: the runtime cannot look into what its __anext__ awaits."""
    while True:
        yield await client.receive()
