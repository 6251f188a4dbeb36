# UDP with asyncio's datagram endpoints: an echo server and a client connected to it.
import asyncio


class Upper(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, address):
        self.transport.sendto(data.upper(), address)


class Collect(asyncio.DatagramProtocol):
    def __init__(self, expected):
        self.replies = []
        self.done = asyncio.get_running_loop().create_future()
        self.expected = expected

    def datagram_received(self, data, address):
        self.replies.append(data)
        if len(self.replies) == self.expected:
            self.done.set_result(None)


async def main():
    loop = asyncio.get_running_loop()
    server, _ = await loop.create_datagram_endpoint(Upper, local_addr=('127.0.0.1', 0))
    address = server.get_extra_info('sockname')
    client, collect = await loop.create_datagram_endpoint(lambda: Collect(3), remote_addr=address)
    print('client peer is the server:', client.get_extra_info('peername') == address)
    for word in (b'one', b'two', b'three'):
        client.sendto(word)
    await asyncio.wait_for(collect.done, 5)
    print(sorted(collect.replies))
    client.close()
    server.close()


asyncio.run(main())
