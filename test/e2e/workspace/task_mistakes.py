"""Tasks and coroutines that are started and then lost."""
import asyncio


async def send_report(text: str) -> None:
    await asyncio.to_thread(print, text)


async def main() -> None:
    asyncio.create_task(send_report("nobody keeps this task"))
    send_report("this coroutine never runs")
    await asyncio.sleep(0.05)
