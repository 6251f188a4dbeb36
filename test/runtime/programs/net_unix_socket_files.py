# A Unix socket's file is a file like any other to the program: it exists once bound, stat() says it is a
# socket, and it can be removed while the socket is still open (CPython's test support does so), as on the host.
import os
import socket
import stat
import tempfile

folder = tempfile.mkdtemp()
where = os.path.join(folder, 'server.sock')
server = socket.socket(socket.AF_UNIX)
server.bind(where)
print('exists once bound:', os.path.exists(where))
print('is a socket:', stat.S_ISSOCK(os.stat(where).st_mode))
print('listed:', os.listdir(folder))
os.unlink(where)
print('exists after unlink:', os.path.exists(where))
server.close()
try:
    os.unlink(where)
except FileNotFoundError:
    print('a second unlink: FileNotFoundError')
os.rmdir(folder)
