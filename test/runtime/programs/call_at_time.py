import asyncio

async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    fut = loop.create_future()
    loop.call_at(start + 0.05, fut.set_result, "at")
    print(await fut)
    print(round(loop.time() - start, 1))
    h = loop.call_later(10, print, "never")
    print(h.when() > loop.time())
    h.cancel()

asyncio.run(main())
