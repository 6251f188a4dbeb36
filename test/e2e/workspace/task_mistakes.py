"""Tasks and coroutines that are started and then lost."""
import asyncio


async def send_report(text: str) -> None:
    reader, writer = await asyncio.open_connection("localhost", 8125)
    writer.write(text.encode())
    await reader.readline()


async def main() -> None:
    asyncio.create_task(send_report("nobody keeps this task"))
    send_report("this coroutine never runs")
    await asyncio.sleep(0.05)
