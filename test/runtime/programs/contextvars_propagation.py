import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="none")

async def handler(n):
    request_id.set(f"req-{n}")
    await asyncio.sleep(0.01 * (3 - n))
    return request_id.get()

async def main():
    request_id.set("main")
    print(await asyncio.gather(*(handler(n) for n in range(3))))
    print(request_id.get())
    ctx = contextvars.copy_context()
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_soon(lambda: fut.set_result(request_id.get()), context=ctx)
    print(await fut)

asyncio.run(main())
