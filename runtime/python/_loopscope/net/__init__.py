"""Real I/O for programs on the runtime: sockets, name resolution, TLS, subprocesses and signals, done by
the host (Node, in the runtime's I/O worker) and watched by each event loop's selector."""
