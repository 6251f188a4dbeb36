"""Loopscope's Python half: the asyncio event loop, clocks and instrumentation that run inside Pyodide.

The TypeScript runtime owns the ready queue, the timer heap and the clock; these modules hold the Python
objects (handles, tasks) and run what the TypeScript side decides. Nothing here touches JavaScript at
import time, so the package can be baked into a Pyodide memory snapshot.
"""
