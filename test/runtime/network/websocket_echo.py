# A websockets echo server and client in one program: text, a large message, binary frames, closing.
import asyncio

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve


async def echo(websocket):
    async for message in websocket:
        await websocket.send(message[::-1] if isinstance(message, str) else message)


async def main():
    async with serve(echo, '127.0.0.1', 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        async with connect(f'ws://127.0.0.1:{port}') as websocket:
            for text in ('hello', 'websockets', 'x' * 100000):
                await websocket.send(text)
                reply = await websocket.recv()
                print(len(reply), reply[:12])
            await websocket.send(b'\x00\x01binary')
            print(await websocket.recv())
        print('closed with code', websocket.close_code)


asyncio.run(main())
