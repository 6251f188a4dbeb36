import asyncio

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    order = []
    fut.add_done_callback(lambda f: order.append(("cb1", f.result())))
    fut.add_done_callback(lambda f: order.append(("cb2", f.result())))
    loop.call_soon(fut.set_result, "value")
    print(await fut)
    await asyncio.sleep(0)
    print(order)
    bad = loop.create_future()
    bad.set_exception(ValueError("nope"))
    try:
        await bad
    except ValueError as e:
        print("exception", e)
    cancelled = loop.create_future()
    cancelled.cancel()
    print(cancelled.cancelled())

asyncio.run(main())
