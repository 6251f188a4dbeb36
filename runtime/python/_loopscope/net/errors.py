"""The host's I/O errors raised as CPython raises them on Linux: the same errno numbers and glibc's messages
(so printed errors read the same), the OSError subclass CPython picks for each errno, socket.gaierror for
the resolver, ssl errors for TLS.

Pyodide's C library numbers errors as WASI does (ECONNREFUSED is 14 there): its errno module gets Linux's
numbers for the network errors, so `e.errno == errno.ECONNREFUSED` holds for what the sockets raise.
"""
import errno as _errno_module
import json
import os
import socket
import ssl

LINUX = {
    'EPERM': 1, 'ENOENT': 2, 'ESRCH': 3, 'EINTR': 4, 'E2BIG': 7, 'ENOEXEC': 8, 'ECHILD': 10, 'ENOMEM': 12,
    'ENOTDIR': 20, 'EISDIR': 21, 'ETXTBSY': 26, 'ENAMETOOLONG': 36, 'ELOOP': 40, 'EIO': 5, 'EBADF': 9, 'EAGAIN': 11, 'EWOULDBLOCK': 11, 'EACCES': 13,
    'EINVAL': 22, 'EMFILE': 24, 'EPIPE': 32, 'EDESTADDRREQ': 89, 'EMSGSIZE': 90, 'EPROTOTYPE': 91,
    'ENOPROTOOPT': 92, 'EPROTONOSUPPORT': 93, 'ESOCKTNOSUPPORT': 94, 'EOPNOTSUPP': 95, 'EAFNOSUPPORT': 97,
    'EADDRINUSE': 98, 'EADDRNOTAVAIL': 99, 'ENETDOWN': 100, 'ENETUNREACH': 101, 'ECONNABORTED': 103,
    'ECONNRESET': 104, 'ENOBUFS': 105, 'EISCONN': 106, 'ENOTCONN': 107, 'ESHUTDOWN': 108, 'ETIMEDOUT': 110,
    'ECONNREFUSED': 111, 'EHOSTUNREACH': 113, 'EALREADY': 114, 'EINPROGRESS': 115, 'ENOTSOCK': 88,
}

# The errors only sockets raise take Linux's numbers in the errno module; file errors keep Pyodide's.
_NETWORK_NAMES = (
    'EAGAIN', 'EWOULDBLOCK', 'EDESTADDRREQ', 'EMSGSIZE', 'EPROTOTYPE', 'ENOPROTOOPT', 'EPROTONOSUPPORT',
    'ESOCKTNOSUPPORT', 'EOPNOTSUPP', 'EAFNOSUPPORT', 'EADDRINUSE', 'EADDRNOTAVAIL', 'ENETDOWN', 'ENETUNREACH',
    'ECONNABORTED', 'ECONNRESET', 'ENOBUFS', 'EISCONN', 'ENOTCONN', 'ESHUTDOWN', 'ETIMEDOUT', 'ECONNREFUSED',
    'EHOSTUNREACH', 'EALREADY', 'EINPROGRESS', 'ENOTSOCK', 'EPIPE',
)

# The subclass CPython's OSError picks for each (Linux) errno.
_SUBCLASSES = {
    1: PermissionError, 2: FileNotFoundError, 3: ProcessLookupError, 4: InterruptedError, 10: ChildProcessError,
    11: BlockingIOError, 13: PermissionError, 20: NotADirectoryError, 21: IsADirectoryError,
    32: BrokenPipeError, 103: ConnectionAbortedError, 104: ConnectionResetError, 108: BrokenPipeError,
    110: TimeoutError, 111: ConnectionRefusedError, 114: BlockingIOError, 115: BlockingIOError,
}


def use_linux_numbers():
    for name in _NETWORK_NAMES:
        value = LINUX[name]
        setattr(_errno_module, name, value)
        _errno_module.errorcode[value] = name

# strerror() of glibc for the errors sockets report (Pyodide's libc words some of them differently).
_MESSAGES = {
    1: 'Operation not permitted',
    2: 'No such file or directory',
    3: 'No such process',
    4: 'Interrupted system call',
    7: 'Argument list too long',
    8: 'Exec format error',
    10: 'No child processes',
    12: 'Cannot allocate memory',
    20: 'Not a directory',
    21: 'Is a directory',
    26: 'Text file busy',
    36: 'File name too long',
    40: 'Too many levels of symbolic links',
    5: 'Input/output error',
    9: 'Bad file descriptor',
    11: 'Resource temporarily unavailable',
    13: 'Permission denied',
    22: 'Invalid argument',
    24: 'Too many open files',
    32: 'Broken pipe',
    88: 'Socket operation on non-socket',
    97: 'Address family not supported by protocol',
    98: 'Address already in use',
    99: 'Cannot assign requested address',
    100: 'Network is down',
    101: 'Network is unreachable',
    103: 'Software caused connection abort',
    104: 'Connection reset by peer',
    106: 'Transport endpoint is already connected',
    107: 'Transport endpoint is not connected',
    110: 'Connection timed out',
    111: 'Connection refused',
    113: 'No route to host',
    114: 'Operation already in progress',
    115: 'Operation now in progress',
}

_RESOLVER_MESSAGES = {
    -2: 'Name or service not known',
    -3: 'Temporary failure in name resolution',
    -4: 'Non-recoverable failure in name resolution',
    -5: 'No address associated with hostname',
    -6: 'ai_family not supported',
    -8: 'Servname not supported for ai_socktype',
    -9: 'Address family for hostname not supported',
    -10: 'Memory allocation failure',
}


def strerror(errno):
    return _MESSAGES.get(errno) or _os_strerror(errno)


def _os_strerror(errno):
    try:
        return os.strerror(errno)
    except ValueError:
        return f'Unknown error {errno}'


def os_error(errno, message=None, filename=None):
    """The exception CPython's OSError(errno, message[, filename]) is on Linux (ConnectionRefusedError for 111, ...)."""
    cls = _SUBCLASSES.get(errno, OSError)
    if filename is None:
        return cls(errno, message if message is not None else strerror(errno))
    return cls(errno, message if message is not None else strerror(errno), filename)


def from_json(text, default_errno=LINUX['ENOTCONN']):
    """The exception for a host error as hostIo reports it ({code, errno, message, during}), or a default."""
    if not text:
        return os_error(default_errno)
    error = json.loads(text)
    return from_error(error)


def from_error(error):
    errno = int(error.get('errno') or 0)
    code = error.get('code') or ''
    if errno < 0 or code in ('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA'):
        return resolver_error(errno if errno < 0 else -2)
    if error.get('during') == 'tls':
        return handshake_error(error)
    if errno == 0:
        return OSError(error.get('message') or code or 'I/O error')
    return os_error(errno)


def resolver_error(errno):
    return socket.gaierror(errno, _RESOLVER_MESSAGES.get(errno, 'Unknown error'))


# What OpenSSL reports for a failed verification (Node's codes), as CPython's message words it.
_VERIFY_MESSAGES = {
    'DEPTH_ZERO_SELF_SIGNED_CERT': (18, 'self-signed certificate'),
    'SELF_SIGNED_CERT_IN_CHAIN': (19, 'self-signed certificate in certificate chain'),
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY': (20, 'unable to get local issuer certificate'),
    'UNABLE_TO_GET_ISSUER_CERT': (2, 'unable to get issuer certificate'),
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE': (21, 'unable to verify the first certificate'),
    'CERT_HAS_EXPIRED': (10, 'certificate has expired'),
    'CERT_NOT_YET_VALID': (9, 'certificate is not yet valid'),
    'CERT_REVOKED': (23, 'certificate revoked'),
    'CERT_UNTRUSTED': (27, 'certificate not trusted'),
    'CERT_REJECTED': (28, 'certificate rejected'),
}


def handshake_error(error):
    """The ssl exception CPython raises for a failed handshake (error: the host's {code, errno, message})."""
    code = error.get('code') or ''
    message = error.get('message') or code
    if code in _VERIFY_MESSAGES or code == 'ERR_TLS_CERT_ALTNAME_INVALID':
        if code == 'ERR_TLS_CERT_ALTNAME_INVALID':
            verify_code, verify_message = 62, _hostname_mismatch(message)
        else:
            verify_code, verify_message = _VERIFY_MESSAGES[code]
        exc = ssl.SSLCertVerificationError(
            1, f'[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {verify_message} (_ssl.c:1032)'
        )
        exc.verify_code = verify_code
        exc.verify_message = verify_message
        exc.reason = 'CERTIFICATE_VERIFY_FAILED'
        exc.library = 'SSL'
        return exc
    if code == 'SSL_EOF':
        exc = ssl.SSLEOFError(8, 'EOF occurred in violation of protocol (_ssl.c:1032)')
        exc.reason = 'UNEXPECTED_EOF_WHILE_READING'
        exc.library = 'SSL'
        return exc
    errno = int(error.get('errno') or 0)
    if code in ('ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT') and errno > 0:
        return os_error(errno)
    reason = code[len('ERR_SSL_'):] if code.startswith('ERR_SSL_') else code or 'SSL_ERROR'
    exc = ssl.SSLError(1, f'[SSL: {reason}] {_short(message)} (_ssl.c:1032)')
    exc.reason = reason
    exc.library = 'SSL'
    return exc


def _hostname_mismatch(message):
    # Node: "Hostname/IP does not match certificate's altnames: Host: example.org. is not in the cert's ..."
    start = message.find('Host: ')
    if start < 0:
        start = message.find('IP: ')
    if start >= 0:
        host = message[message.index(' ', start) + 1 :].split('. ', 1)[0]
        return f"Hostname mismatch, certificate is not valid for '{host}'."
    return 'Hostname mismatch'


def _short(message):
    return message.split(':')[-1].strip().lower() if ':' in message else message
