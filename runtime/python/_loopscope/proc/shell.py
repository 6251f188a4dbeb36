"""os.system on the runtime: the command runs in /bin/sh on the host, writing where the program's own output goes.
As C's system() does, the program ignores SIGINT and SIGQUIT while it waits; the child gets them instead (a
terminal sends Ctrl+C to both). The wait holds the loop and is reported as the loop being blocked."""
import os
import signal
import sys

from . import popen


def system(command):
    command = os.fsdecode(os.fsencode(command))
    sys.audit('os.system', command)
    child = None

    def pass_to_child(signum, frame):
        if child is not None and child.returncode is None:
            child.send_signal(signum)

    previous = {}
    for signum in (signal.SIGINT, signal.SIGQUIT):
        previous[signum] = signal.signal(signum, pass_to_child)
    try:
        try:
            child = popen.Popen(['/bin/sh', '-c', command])
        except OSError:
            return -1
        returncode = child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    # The wait status system() returns: exit code << 8, or the number of the signal that killed it.
    return returncode << 8 if returncode >= 0 else -returncode
