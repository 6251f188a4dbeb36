# TLS on asyncio streams with a self-signed certificate the test made: a server and a client that trusts
# it, the handshake's details, verification failures, start_tls() on a plain connection, and an SMTP-style
# STARTTLS where both sides talk in plain text first and then upgrade.
import asyncio
import ssl
import sys

certificates = sys.argv[1]


async def handle(reader, writer):
    line = await reader.readline()
    writer.write(b'secure ' + line)
    await writer.drain()
    writer.close()


async def starttls_server(reader, writer, context):
    writer.write(b'220 ready\n')
    await writer.drain()
    for _ in range(3):
        line = await reader.readline()
        writer.write(b'250 ' + line)
        await writer.drain()
    assert await reader.readline() == b'STARTTLS\n'
    writer.write(b'220 go ahead\n')
    await writer.drain()
    await writer.start_tls(context)
    line = await reader.readline()
    writer.write(b'secure ' + line)
    await writer.drain()
    writer.close()


async def starttls_client(port, context):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    print(await reader.readline())
    for word in (b'EHLO', b'MAIL', b'RCPT'):
        writer.write(word + b'\n')
        print(await reader.readline())
    writer.write(b'STARTTLS\n')
    print(await reader.readline())
    await writer.start_tls(context, server_hostname='localhost')
    writer.write(b'DATA\n')
    print(await reader.readline(), writer.get_extra_info('ssl_object') is not None)
    writer.close()


async def main():
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(f'{certificates}/cert.pem', f'{certificates}/key.pem')
    server = await asyncio.start_server(handle, '127.0.0.1', 0, ssl=server_context)
    port = server.sockets[0].getsockname()[1]
    trusting = ssl.create_default_context(cafile=f'{certificates}/cert.pem')

    reader, writer = await asyncio.open_connection('127.0.0.1', port, ssl=trusting, server_hostname='localhost')
    tls = writer.get_extra_info('ssl_object')
    print('version ok:', tls.version() in ('TLSv1.2', 'TLSv1.3'))
    print('peer:', dict(field for rdn in tls.getpeercert()['subject'] for field in rdn))
    print('cipher bits:', writer.get_extra_info('cipher')[2] >= 128)
    writer.write(b'hello\n')
    print(await reader.readline())
    writer.close()
    await writer.wait_closed()

    for context, name in ((ssl.create_default_context(), 'localhost'), (trusting, 'wrong.example')):
        try:
            await asyncio.open_connection('127.0.0.1', port, ssl=context, server_hostname=name)
        except ssl.SSLCertVerificationError as error:
            print('refused:', error.verify_message)

    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    await writer.start_tls(trusting, server_hostname='localhost')
    writer.write(b'upgraded\n')
    print(await reader.readline())
    writer.close()
    server.close()
    await server.wait_closed()

    plain = await asyncio.start_server(lambda r, w: starttls_server(r, w, server_context), '127.0.0.1', 0)
    for _ in range(5):
        await starttls_client(plain.sockets[0].getsockname()[1], trusting)
    plain.close()
    await plain.wait_closed()


asyncio.run(main())
