"""Blocking calls inside coroutines: each one stalls the whole event loop."""
import asyncio
import time


async def poll_sensor() -> float:
    time.sleep(0.5)
    return 1.0


async def ask_name() -> str:
    return input("name? ")


async def main() -> None:
    await asyncio.sleep(0.1)
    print(await poll_sensor(), await ask_name())
