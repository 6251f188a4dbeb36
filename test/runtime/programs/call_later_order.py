import asyncio

async def main():
    loop = asyncio.get_running_loop()
    log = []
    done = loop.create_future()
    for delay in (0.03, 0.01, 0.02, 0.01, 0.0):
        loop.call_later(delay, log.append, delay)
    h = loop.call_later(0.015, log.append, "cancelled")
    h.cancel()
    loop.call_later(0.05, done.set_result, None)
    await done
    print(log)
    print(h.cancelled())

asyncio.run(main())
