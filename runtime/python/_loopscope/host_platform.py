"""The program sees the machine it runs on, not WebAssembly: sys.platform and os.uname() are the host's.

Libraries choose their code by sys.platform: under 'emscripten' urllib3 (so requests) switches to the
browser's fetch API, and others turn features off. The runtime gives programs a Linux-like host (sockets,
files, processes), so they should take their ordinary paths. sysconfig's variables are read first: their
module is named after Pyodide's platform.
"""
import os
import sys
import sysconfig


def install(host):
    """`host`: {platform: Node's process.platform, uname: {sysname, nodename, release, version, machine}}."""
    if host['platform'] not in ('linux', 'darwin'):
        return
    sysconfig.get_config_vars()
    sys.platform = host['platform']
    uname = host['uname']
    result = os.uname_result((uname['sysname'], uname['nodename'], uname['release'], uname['version'], uname['machine']))
    os.uname = lambda: result
