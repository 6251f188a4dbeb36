# The blocking socket API in plain synchronous code: listen, connect, sendall, accept, makefile, a receive
# timeout, and shutdown.
import socket

server = socket.create_server(('127.0.0.1', 0))
host, port = server.getsockname()
print('server', host, server.type.name, server.family.name)
client = socket.create_connection((host, port), timeout=5)
connection, address = server.accept()
print('accepted from', address[0], 'timeout', connection.gettimeout())
client.sendall(b'first line\nsecond line\n')
with connection.makefile('rb') as lines:
    print(lines.readline(), lines.readline())
connection.settimeout(0.2)
try:
    connection.recv(10)
except TimeoutError as error:
    print('recv:', repr(error))
connection.sendall(b'x' * 100000)
received = 0
while received < 100000:
    received += len(client.recv(65536))
print('received', received)
client.shutdown(socket.SHUT_WR)
print('after shutdown the peer reads', connection.recv(10))
for sock in (client, connection, server):
    sock.close()
print(client)
