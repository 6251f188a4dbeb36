"""Child processes on the runtime: the host runs them (the I/O worker); Python's subprocess, os.system, os.popen and
asyncio's subprocess and pipe transports are rebuilt on host handles (see docs/runtime-io.md)."""
