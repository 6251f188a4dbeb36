"""Puts the runtime's processes in place of the ones CPython's WebAssembly build cannot start: subprocess.Popen
(and with it run, call, check_output, os.popen), os.system."""
import os
import subprocess

from . import popen, shell


def install():
    for name in ('__module__', '__qualname__', '__name__'):
        setattr(popen.Popen, name, getattr(subprocess.Popen, name))
    subprocess.Popen = popen.Popen
    subprocess._can_fork_exec = True
    os.system = shell.system
