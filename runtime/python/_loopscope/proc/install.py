"""Puts the runtime's processes in place of the ones CPython's WebAssembly build cannot start: subprocess.Popen
(and with it run, call, check_output, os.popen), os.system; and os._exit, which ends the run as it ends a process."""
import os
import subprocess

from . import popen, process_exit, shell


def install():
    for name in ('__module__', '__qualname__', '__name__'):
        setattr(popen.Popen, name, getattr(subprocess.Popen, name))
    subprocess.Popen = popen.Popen
    subprocess._can_fork_exec = True
    os.system = shell.system
    os._exit = process_exit._exit
