import asyncio

async def main():
    x = (1, 2
    await asyncio.sleep(1)
