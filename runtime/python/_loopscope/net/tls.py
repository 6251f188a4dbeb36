"""TLS for programs on the runtime, done by the host's OpenSSL (Node's tls module).

Pyodide's `ssl` module is a stub: SSLContext keeps its settings but encrypts nothing. Here the context's
settings (CAs, certificate chain, verification, ALPN, versions, ciphers) become the host's TLS options; the
host socket itself becomes a TLS socket, so Python keeps reading and writing plaintext through the same
socket: asyncio's transports (create_connection(ssl=...), servers, start_tls) and blocking
SSLContext.wrap_socket() (urllib, http.client) work on top, and errors are ssl's own exceptions.
"""
import base64
import json
import os
import ssl

from asyncio import base_events, constants, futures, selector_events

from .. import hostlink
from . import errors, sockets

_VERSIONS = {
    ssl.TLSVersion.TLSv1: 'TLSv1',
    ssl.TLSVersion.TLSv1_1: 'TLSv1.1',
    ssl.TLSVersion.TLSv1_2: 'TLSv1.2',
    ssl.TLSVersion.TLSv1_3: 'TLSv1.3',
}


# -- contexts ----------------------------------------------------------------------------------------


def _pem_texts(cafile=None, capath=None, cadata=None):
    texts = []
    if cafile is not None:
        with open(os.fspath(cafile), 'rb') as file:
            texts.append(file.read().decode('ascii', 'replace'))
    if capath is not None:
        folder = os.fspath(capath)
        for name in sorted(os.listdir(folder)):
            if name.endswith(('.pem', '.crt')) or name.split('.')[-1].isdigit():
                with open(os.path.join(folder, name), 'rb') as file:
                    texts.append(file.read().decode('ascii', 'replace'))
    if cadata is not None:
        if isinstance(cadata, str):
            texts.append(cadata)
        else:
            texts.append(_der_to_pem(bytes(cadata)))
    return texts


def _der_to_pem(der):
    if der.lstrip().startswith(b'-----BEGIN'):
        return der.decode('ascii', 'replace')
    body = base64.encodebytes(der).decode('ascii')
    return f'-----BEGIN CERTIFICATE-----\n{body}-----END CERTIFICATE-----\n'


def _load_verify_locations(self, cafile=None, capath=None, cadata=None):
    if cafile is None and capath is None and cadata is None:
        raise TypeError('cafile, capath and cadata cannot be all omitted')
    self._loopscope_ca = getattr(self, '_loopscope_ca', []) + _pem_texts(cafile, capath, cadata)


def _load_default_certs(self, purpose=ssl.Purpose.SERVER_AUTH):
    if not isinstance(purpose, ssl._ASN1Object):
        raise TypeError(purpose)
    self._loopscope_default_ca = True


def _set_default_verify_paths(self):
    self._loopscope_default_ca = True


def _set_alpn_protocols(self, alpn_protocols):
    protocols = []
    for protocol in alpn_protocols:
        encoded = protocol.encode('ascii') if isinstance(protocol, str) else bytes(protocol)
        if not 0 < len(encoded) <= 255:
            raise ssl.SSLError('ALPN protocols must be 1 to 255 in length')
        protocols.append(encoded.decode('ascii'))
    self._loopscope_alpn = protocols


def _set_ciphers(self, ciphers):
    if not isinstance(ciphers, str):
        raise TypeError('ciphers must be a string')
    if not ciphers or ciphers.isspace():
        raise ssl.SSLError('No cipher can be selected.')
    self._loopscope_ciphers = ciphers


def _load_cert_chain(self, certfile, keyfile=None, password=None):
    with open(os.fspath(certfile), 'rb') as file:
        chain = file.read().decode('ascii', 'replace')
    key = chain
    if keyfile is not None:
        with open(os.fspath(keyfile), 'rb') as file:
            key = file.read().decode('ascii', 'replace')
    if callable(password):
        password = password()
    if isinstance(password, (bytes, bytearray)):
        password = bytes(password).decode()
    self._certfile_data = chain
    self._keyfile_data = key
    self._key_password = password


def host_options(context, server_side, server_hostname):
    """The host's TLS options for `context` (see TlsOptions in runtime/src/io/ioProtocol.ts)."""
    if server_side and context.protocol == ssl.PROTOCOL_TLS_CLIENT:
        raise ssl.SSLError(1, '[SSL] called a function you should not call')
    verify = context.verify_mode != ssl.CERT_NONE
    check = bool(context.check_hostname) and not server_side
    if check and not server_hostname:
        raise ValueError('check_hostname requires server_hostname')
    minimum = getattr(context, 'minimum_version', None)
    maximum = getattr(context, 'maximum_version', None)
    return {
        'serverSide': bool(server_side),
        'serverName': server_hostname,
        'verifyPeer': verify,
        'checkHostname': check,
        'ca': list(getattr(context, '_loopscope_ca', [])),
        'defaultCa': bool(getattr(context, '_loopscope_default_ca', False)),
        'certFile': os.environ.get('SSL_CERT_FILE') or None,
        'cert': getattr(context, '_certfile_data', None),
        'key': getattr(context, '_keyfile_data', None),
        'passphrase': getattr(context, '_key_password', None),
        'alpn': getattr(context, '_loopscope_alpn', None),
        'minVersion': _VERSIONS.get(minimum),
        'maxVersion': _VERSIONS.get(maximum),
        'ciphers': getattr(context, '_loopscope_ciphers', None),
        'requestCert': bool(server_side and verify),
    }


class _TlsSettings:
    """What both TLS objects answer as ssl's do: the context, the side, the server's name, and the features the
    host's TLS does not offer (NPN, compression, channel binding; nothing is ever pending in Python)."""

    @property
    def context(self):
        return self._context

    @property
    def server_side(self):
        return self._server_side

    @property
    def server_hostname(self):
        return self._server_hostname

    def selected_npn_protocol(self):
        return None

    def compression(self):
        return None

    def pending(self):
        return 0

    def get_channel_binding(self, cb_type='tls-unique'):
        return None


class HostSSLObject(_TlsSettings, ssl.SSLObject):
    """What get_extra_info('ssl_object') gives: the handshake's outcome, as ssl.SSLObject answers it."""

    def __init__(self, context, server_side, server_hostname, info):
        self._context = context
        self._server_side = server_side
        self._server_hostname = server_hostname
        self._info = info or {}

    @property
    def session(self):
        return None

    @property
    def session_reused(self):
        return False

    def getpeercert(self, binary_form=False):
        if binary_form:
            der = self._info.get('peerCertDer')
            return base64.b64decode(der) if der else None
        cert = self._info.get('peerCert')
        if cert is None:
            return None
        if self._context.verify_mode == ssl.CERT_NONE:
            return {}
        return {
            'subject': tuple(tuple(tuple(pair) for pair in rdn) for rdn in cert['subject']),
            'issuer': tuple(tuple(tuple(pair) for pair in rdn) for rdn in cert['issuer']),
            'version': cert['version'],
            'serialNumber': cert['serialNumber'],
            'notBefore': cert['notBefore'],
            'notAfter': cert['notAfter'],
            **({'subjectAltName': tuple(tuple(pair) for pair in cert['subjectAltName'])} if cert['subjectAltName'] else {}),
        }

    def cipher(self):
        cipher = self._info.get('cipher')
        return tuple(cipher) if cipher else None

    def shared_ciphers(self):
        cipher = self.cipher()
        return [cipher] if cipher else None

    def version(self):
        return self._info.get('version')

    def selected_alpn_protocol(self):
        return self._info.get('alpn') or None

    def get_verified_chain(self):
        return []

    def get_unverified_chain(self):
        return []


def _tls_extra(context, server_side, server_hostname, info):
    ssl_object = HostSSLObject(context, server_side, server_hostname, info)
    return {
        'sslcontext': context,
        'ssl_object': ssl_object,
        'peercert': ssl_object.getpeercert(),
        'cipher': ssl_object.cipher(),
        'compression': None,
    }


# -- asyncio: transports over TLS host sockets --------------------------------------------------------


class TlsSocketTransport(selector_events._SelectorSocketTransport):
    """asyncio's socket transport over a host socket doing TLS: the handshake first (the waiter, and the
    protocol's connection_made, come after it), then plaintext reads and writes as on any socket."""

    def __init__(
        self, loop, sock, protocol, waiter, extra, server, context, server_side, server_hostname, handshake_timeout,
        call_connection_made=True,
    ):
        self._read_ready_cb = None
        selector_events._SelectorTransport.__init__(self, loop, sock, protocol, extra, server)
        self._eof = False
        self._empty_waiter = None
        self._write_ready = self._write_send
        base_events._set_nodelay(self._sock)
        # The protocol hears of the connection only once the handshake succeeded.
        self._protocol_connected = False
        self._tls = (context, server_side, server_hostname)
        self._handshake_waiter = waiter
        # start_tls(): the protocol already has a connection; it only learns the new transport.
        self._call_connection_made = call_connection_made
        options = host_options(context, server_side, server_hostname)
        hostlink.io.startTls(sock._h, json.dumps(options))
        timeout = constants.SSL_HANDSHAKE_TIMEOUT if handshake_timeout is None else handshake_timeout
        self._handshake_timer = loop.call_later(timeout, self._handshake_timed_out, timeout)
        loop._add_writer(self._sock_fd, self._handshake_done)

    def can_write_eof(self):
        return False

    def _handshake_done(self):
        self._loop._remove_writer(self._sock_fd)
        self._handshake_timer.cancel()
        failure = hostlink.io.takeError(self._sock._h)
        if failure:
            self._fail_handshake(errors.from_json(failure))
            return
        info = json.loads(hostlink.io.info(self._sock._h)).get('tls')
        self._extra.update(_tls_extra(*self._tls, info))
        self._protocol_connected = True
        if self._call_connection_made:
            self._loop.call_soon(self._protocol.connection_made, self)
        self._loop.call_soon(self._add_reader, self._sock_fd, self._read_ready)
        if self._handshake_waiter is not None:
            self._loop.call_soon(futures._set_result_unless_cancelled, self._handshake_waiter, None)
        self._handshake_waiter = None

    def _handshake_timed_out(self, timeout):
        self._loop._remove_writer(self._sock_fd)
        self._fail_handshake(ConnectionAbortedError(f'SSL handshake is taking longer than {timeout} seconds: aborting the connection'))

    def _fail_handshake(self, exc):
        waiter, self._handshake_waiter = self._handshake_waiter, None
        if self._closing:
            return
        self._closing = True
        self._conn_lost += 1
        self._loop.call_soon(self._call_connection_lost, None)
        if waiter is not None and not waiter.cancelled():
            waiter.set_exception(exc)

    def abort(self):
        if self._handshake_waiter is not None:
            self._handshake_timer.cancel()
            self._loop._remove_writer(self._sock_fd)
            self._fail_handshake(ConnectionAbortedError('the TLS connection was aborted'))
            return
        super().abort()

    def close(self):
        if self._handshake_waiter is not None:
            self.abort()
            return
        super().close()


def make_ssl_transport(loop, rawsock, protocol, sslcontext, waiter, server_side, server_hostname, extra, server, handshake_timeout):
    loop._ensure_fd_no_transport(rawsock)
    return TlsSocketTransport(
        loop, rawsock, protocol, waiter, extra, server, sslcontext, server_side, server_hostname, handshake_timeout
    )


async def start_tls(loop, transport, protocol, sslcontext, server_side, server_hostname, handshake_timeout):
    """loop.start_tls: the transport's socket starts TLS on the host and a new transport takes it over."""
    if not isinstance(sslcontext, ssl.SSLContext):
        raise TypeError(f'sslcontext is expected to be an instance of ssl.SSLContext, got {sslcontext!r}')
    if not getattr(transport, '_start_tls_compatible', False) or not isinstance(
        transport, selector_events._SelectorSocketTransport
    ):
        raise TypeError(f'transport {transport!r} is not supported by start_tls()')
    if transport.get_write_buffer_size():
        # What was written before the upgrade goes out in the clear, as it would through the old transport.
        waiter = loop.create_future()
        transport._empty_waiter = waiter
        await waiter
    transport.pause_reading()
    sock = transport._sock
    extra = {key: value for key, value in transport._extra.items() if key in ('peername',)}
    server = transport._server
    # The old transport lets go of the socket without closing it.
    transport._closing = True
    transport._sock = None
    transport._protocol = None
    if server is not None:
        server._detach(transport)
        transport._server = None
    waiter = loop.create_future()
    new = TlsSocketTransport(
        loop, sock, protocol, waiter, extra, server, sslcontext, server_side, server_hostname, handshake_timeout, False
    )
    try:
        await waiter
    except BaseException:
        new.close()
        raise
    return new


# -- blocking sockets: SSLContext.wrap_socket ----------------------------------------------------------


class HostSSLSocket(_TlsSettings, sockets.HostSocket):
    """ssl.SSLSocket for blocking code (urllib, http.client, smtplib): a host socket that did a TLS handshake."""

    __slots__ = ('_context', '_server_side', '_server_hostname', '_do_handshake_on_connect', '_sslobj', '_suppress_ragged_eofs')

    @classmethod
    def _wrap(cls, sock, context, server_side, server_hostname, do_handshake_on_connect, suppress_ragged_eofs):
        if sock.type != 1:
            raise NotImplementedError('only stream sockets are supported')
        if server_side and server_hostname:
            raise ValueError('server_hostname can only be specified in client mode')
        if context.check_hostname and not server_side and not server_hostname:
            raise ValueError('check_hostname requires server_hostname')
        wrapped = cls._adopt(sock._h, sock._lfamily, sock._ltype, sock._lproto)
        wrapped._timeout = sock._timeout
        wrapped._options = dict(sock._options)
        # The plain socket object gives its host socket to the SSL one, as CPython's wrap_socket detaches it.
        sock._release()
        wrapped._context = context
        wrapped._server_side = server_side
        wrapped._server_hostname = server_hostname
        wrapped._do_handshake_on_connect = do_handshake_on_connect
        wrapped._suppress_ragged_eofs = suppress_ragged_eofs
        wrapped._sslobj = None
        connected = json.loads(hostlink.io.info(wrapped._h)).get('phase') == 'connected'
        if connected and do_handshake_on_connect:
            wrapped.do_handshake()
        return wrapped

    def connect(self, address):
        super().connect(address)
        if self._do_handshake_on_connect:
            self.do_handshake()

    def connect_ex(self, address):
        status = super().connect_ex(address)
        if status == 0 and self._do_handshake_on_connect:
            self.do_handshake()
        return status

    def do_handshake(self, block=False):
        if self._sslobj is not None:
            return
        options = host_options(self._context, self._server_side, self._server_hostname)
        hostlink.io.startTls(self._h, json.dumps(options))
        self._wait(sockets.WRITABLE, self._deadline())
        failure = hostlink.io.takeError(self._h)
        if failure:
            raise errors.from_json(failure)
        info = json.loads(hostlink.io.info(self._h)).get('tls')
        self._sslobj = HostSSLObject(self._context, self._server_side, self._server_hostname, info)

    def accept(self):
        sock, address = super().accept()
        return (
            HostSSLSocket._wrap(sock, self._context, True, None, self._do_handshake_on_connect, self._suppress_ragged_eofs),
            address,
        )

    def _object(self):
        if self._sslobj is None:
            raise ValueError('handshake not done yet')
        return self._sslobj

    def getpeercert(self, binary_form=False):
        return self._object().getpeercert(binary_form)

    def cipher(self):
        return None if self._sslobj is None else self._sslobj.cipher()

    def shared_ciphers(self):
        return None if self._sslobj is None else self._sslobj.shared_ciphers()

    def version(self):
        return None if self._sslobj is None else self._sslobj.version()

    def selected_alpn_protocol(self):
        return None if self._sslobj is None else self._sslobj.selected_alpn_protocol()

    def read(self, len=1024, buffer=None):
        if buffer is not None:
            return self.recv_into(buffer, len)
        return self.recv(len)

    def write(self, data):
        return self.send(data)

    def unwrap(self):
        raise ValueError('loopscope: SSLSocket.unwrap() is not available on the runtime')

    def verify_client_post_handshake(self):
        raise ssl.SSLError('loopscope: post-handshake authentication is not available on the runtime')

    def sendfile(self, file, offset=0, count=None):
        return super().sendfile(file, offset, count)


for _name in ('__module__', '__qualname__', '__name__'):
    setattr(HostSSLSocket, _name, {'__module__': 'ssl', '__qualname__': 'SSLSocket', '__name__': 'SSLSocket'}[_name])


def _wrap_socket(
    self, sock, server_side=False, do_handshake_on_connect=True, suppress_ragged_eofs=True, server_hostname=None, session=None
):
    if isinstance(server_hostname, bytes):
        server_hostname = server_hostname.decode('ascii')
    return HostSSLSocket._wrap(sock, self, server_side, server_hostname, do_handshake_on_connect, suppress_ragged_eofs)


def _wrap_bio(self, incoming, outgoing, server_side=False, server_hostname=None, session=None):
    raise NotImplementedError(
        'loopscope: TLS over memory BIOs (SSLContext.wrap_bio) is not available on the runtime; '
        'TLS on sockets and asyncio transports is'
    )


def install(openssl_version):
    """Teach Pyodide's ssl stub to do TLS through the host."""
    context = ssl.SSLContext
    context.load_verify_locations = _load_verify_locations
    context.load_default_certs = _load_default_certs
    context.set_default_verify_paths = _set_default_verify_paths
    context.set_alpn_protocols = _set_alpn_protocols
    context.set_ciphers = _set_ciphers
    context.load_cert_chain = _load_cert_chain
    context.wrap_socket = _wrap_socket
    context.wrap_bio = _wrap_bio
    context.sslsocket_class = HostSSLSocket
    ssl.SSLSocket = HostSSLSocket
    ssl.HAS_TLSv1_3 = True
    ssl.HAS_ECDH = True
    # urllib3 turns common-name matching off; the host checks subjectAltName names first anyway.
    ssl.HAS_NEVER_CHECK_COMMON_NAME = True
    if openssl_version:
        ssl.OPENSSL_VERSION = f'OpenSSL {openssl_version}'
