"""wait_for() where asyncio.timeout() fits, and a timeout that can never fire (LOOP204, LOOP307)."""
import asyncio
import json


async def fetch_config():
    await asyncio.sleep(0.01)
    return '{"retries": 3}'


async def load_old_style():
    text = await asyncio.wait_for(fetch_config(), timeout=1.0)  # Dated: asyncio.timeout() reads better (3.11+).
    return json.loads(text)


async def parse_with_useless_timeout(text):
    async with asyncio.timeout(1.0):  # Mistake: nothing in the block awaits, so it can never time out.
        return json.loads(text)


async def load():
    async with asyncio.timeout(1.0):  # Corrected: the timeout covers the await.
        text = await fetch_config()
    return json.loads(text)


async def main():
    print(await load_old_style(), await parse_with_useless_timeout("[]"), await load())


if __name__ == "__main__":
    asyncio.run(main())
