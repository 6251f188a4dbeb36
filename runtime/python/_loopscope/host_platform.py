"""The program sees the machine it runs on, not WebAssembly: sys.platform and os.uname() are the host's.

Libraries choose their code by sys.platform: under 'emscripten' urllib3 (so requests) switches to the
browser's fetch API, and others turn features off. The runtime gives programs a Linux-like host (sockets,
files, processes), so they should take their ordinary paths. sysconfig's variables are read first: their
module is named after Pyodide's platform.

What CPython read from the host as it started is read again for each run (adopt_host): Python starts from a
memory snapshot, made elsewhere (the one an install ships is made at package time) and on another day.
"""
import os
import sys
import sysconfig
import time


def adopt_host(host):
    """Before the clock is installed (time.time() is the wall clock). `host`: {executable, runtime}."""
    _adopt_time_zone()
    sys.executable = sys._base_executable = host['executable']
    sys.orig_argv = [host['executable']]
    info = sys._emscripten_info
    sys._emscripten_info = type(info)((info.emscripten_version, host['runtime'], info.pthreads, info.shared_memory))


def _adopt_time_zone():
    """time.timezone, altzone, daylight and tzname as the time module works them out when it is first imported
    (timemodule.c's init_timezone, without tzname: from localtime() in January and in July), from this run's zone
    (the worker has read it again for the C library: pythonHost.ts adoptHostTimeZone)."""
    year = (365 * 24 + 6) * 3600
    january = (int(time.time()) // year) * year
    zones = []
    for moment in (january, january + year // 2):
        local = time.localtime(moment)
        zones.append((-local.tm_gmtoff, (local.tm_zone or '')[:9]))
    (jan_zone, jan_name), (july_zone, july_name) = zones
    if jan_zone < july_zone:
        # DST is reversed in the southern hemisphere.
        time.timezone, time.altzone, time.tzname = july_zone, jan_zone, (july_name, jan_name)
    else:
        time.timezone, time.altzone, time.tzname = jan_zone, july_zone, (jan_name, july_name)
    time.daylight = int(jan_zone != july_zone)


def install(host):
    """`host`: {platform: Node's process.platform, uname: {sysname, nodename, release, version, machine}}."""
    if host['platform'] not in ('linux', 'darwin'):
        return
    sysconfig.get_config_vars()
    sys.platform = host['platform']
    uname = host['uname']
    result = os.uname_result((uname['sysname'], uname['nodename'], uname['release'], uname['version'], uname['machine']))
    os.uname = lambda: result
