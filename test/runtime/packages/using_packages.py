"""Imports aiohttp, httpx, websockets and anyio and uses their pure-Python parts (no network): the output must
be the same under python3 (with the packages' compiled accelerators) and on the Loopscope runtime (with their
pure-Python fallbacks)."""
import asyncio

import aiohttp
import anyio
import frozenlist
import httpx
import multidict
import websockets
import yarl
from aiohttp import web
from websockets.frames import Frame, Opcode
from websockets.streams import StreamReader

url = yarl.URL("https://user:secret@example.org:8443/a/b/../c?q=1&q=2#top")
print("yarl:", url.host, url.port, url.path, url.query.getall("q"), url.fragment, url.user)
print("yarl:", (url / "d").with_query({"x": "y z"}), yarl.URL.build(scheme="http", host="localhost", path="/p"))
print("yarl:", yarl.URL("http://example.org/%7Euser/caf%C3%A9").path)

headers = multidict.CIMultiDict([("Content-Type", "text/plain"), ("X-Count", "1")])
headers.add("x-count", "2")
print("multidict:", headers.getall("X-COUNT"), "content-type" in headers, len(headers), sorted(headers.keys()))

items = frozenlist.FrozenList([1, 2])
items.append(3)
items.freeze()
try:
    items.append(4)
except RuntimeError as error:
    print("frozenlist:", list(items), error)

print("httpx:", httpx.URL("https://example.org/search?q=asyncio").copy_with(path="/other"))
print("httpx:", httpx.Headers([("a", "1"), ("A", "2")]).get_list("a"))
request = httpx.Request("POST", "https://example.org/api", json={"k": [1, 2]})
print("httpx:", request.method, request.url, request.headers["content-type"], request.read())

frame = Frame(Opcode.TEXT, "héllo".encode())
wire = frame.serialize(mask=False)
reader = StreamReader()
reader.feed_data(wire)
reader.feed_eof()
parser = Frame.parse(reader.read_exact, mask=False)
try:
    next(parser)
except StopIteration as done:
    print("websockets:", wire, done.value.opcode.name, done.value.data.decode())
masked = Frame(Opcode.BINARY, bytes(range(40))).serialize(mask=True)
print("websockets:", len(masked), websockets.__name__)

print("aiohttp:", aiohttp.ClientTimeout(total=5).total, aiohttp.hdrs.CONTENT_TYPE, aiohttp.ClientTimeout(total=5, connect=1).connect)
app = web.Application()


async def hello(request):
    return web.Response(text="hi")


app.router.add_get("/hello", hello)
print("aiohttp:", [route.method for route in app.router.routes()], web.Response(text="x", status=201).status)


async def worker(number, results):
    await anyio.sleep(0.1 * (3 - number))  # gaps python3 keeps in order on a busy machine
    results.append(number)


async def with_anyio():
    results = []
    async with anyio.create_task_group() as group:
        for number in range(3):
            group.start_soon(worker, number, results)
    return results


print("anyio:", anyio.run(with_anyio))


async def main():
    async with asyncio.timeout(1):
        await asyncio.sleep(0.01)
    jar = aiohttp.CookieJar(unsafe=True)
    jar.update_cookies({"session": "abc"}, yarl.URL("http://127.0.0.1/"))
    print("aiohttp:", [(cookie.key, cookie.value) for cookie in jar])


asyncio.run(main())
