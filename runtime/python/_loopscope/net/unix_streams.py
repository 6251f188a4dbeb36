"""asyncio.open_unix_connection / start_unix_server: asyncio.streams defines them only when the socket
module has AF_UNIX at import time, which Pyodide's has not (the runtime adds it later)."""
import asyncio
from asyncio import events, streams


async def open_unix_connection(path=None, *, limit=streams._DEFAULT_LIMIT, **kwds):
    """Like open_connection(), over a Unix socket: returns (reader, writer)."""
    loop = events.get_running_loop()
    reader = streams.StreamReader(limit=limit, loop=loop)
    protocol = streams.StreamReaderProtocol(reader, loop=loop)
    transport, _ = await loop.create_unix_connection(lambda: protocol, path, **kwds)
    writer = streams.StreamWriter(transport, protocol, reader, loop)
    return reader, writer


async def start_unix_server(client_connected_cb, path=None, *, limit=streams._DEFAULT_LIMIT, **kwds):
    """Like start_server(), on a Unix socket: `client_connected_cb(reader, writer)` per connection."""
    loop = events.get_running_loop()

    def factory():
        reader = streams.StreamReader(limit=limit, loop=loop)
        return streams.StreamReaderProtocol(reader, client_connected_cb, loop=loop)

    return await loop.create_unix_server(factory, path, **kwds)


def install():
    for function in (open_unix_connection, start_unix_server):
        name = function.__name__
        if hasattr(streams, name):
            continue
        function.__module__ = 'asyncio.streams'
        setattr(streams, name, function)
        setattr(asyncio, name, function)
        for module in (streams, asyncio):
            if name not in module.__all__:
                module.__all__ = (*module.__all__, name) if isinstance(module.__all__, tuple) else [*module.__all__, name]
