# A default context (no CA named by the program) trusts what SSL_CERT_FILE names, as OpenSSL does for python3.
import asyncio
import ssl
import sys

certificates = sys.argv[1]


async def main():
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(f'{certificates}/cert.pem', f'{certificates}/key.pem')
    server = await asyncio.start_server(lambda r, w: w.close(), '127.0.0.1', 0, ssl=server_context)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('localhost', port, ssl=ssl.create_default_context())
    print('trusted through SSL_CERT_FILE:', await reader.read() == b'')
    writer.close()
    server.close()
    await server.wait_closed()


asyncio.run(main())
