# An aiohttp.web application queried by aiohttp's own client and by httpx, concurrently.
import asyncio

import httpx
from aiohttp import ClientSession, web


async def hello(request):
    return web.json_response({'hello': request.query.get('name', 'world'), 'method': request.method})


async def reverse(request):
    return web.Response(body=(await request.read())[::-1], content_type='application/octet-stream')


async def main():
    app = web.Application()
    app.router.add_get('/hello', hello)
    app.router.add_post('/reverse', reverse)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, '127.0.0.1', 0)
    await site.start()
    base = f'http://127.0.0.1:{runner.addresses[0][1]}'
    async with ClientSession() as session:
        async with session.get(base + '/hello', params={'name': 'aiohttp'}) as response:
            print(response.status, await response.json())
        async with session.post(base + '/reverse', data=b'abc' * 10000) as response:
            body = await response.read()
            print(response.status, len(body), body[:6])
    async with httpx.AsyncClient() as client:
        response = await client.get(base + '/hello', params={'name': 'httpx'})
        print(response.status_code, response.json())
        replies = await asyncio.gather(*(client.get(base + '/hello', params={'name': str(n)}) for n in range(10)))
        print([reply.json()['hello'] for reply in replies])
        try:
            await client.get('http://127.0.0.1:1/')
        except httpx.ConnectError as error:
            print('httpx:', type(error).__name__)
    await runner.cleanup()


asyncio.run(main())
