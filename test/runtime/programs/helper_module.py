# Imported by local_module_import.py (not a program on its own: prints nothing when run).
import asyncio


def greet(name):
    return f"hello, {name}"


async def double_later(x):
    await asyncio.sleep(0.001)
    return 2 * x
