import asyncio

def cb(label, log):
    log.append(label)

async def main():
    loop = asyncio.get_running_loop()
    log = []
    for i in range(5):
        loop.call_soon(cb, f"soon{i}", log)
    h = loop.call_soon(cb, "cancelled", log)
    h.cancel()
    loop.call_soon(lambda: loop.call_soon(cb, "nested", log))
    loop.call_soon(cb, "last", log)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(log)

asyncio.run(main())
