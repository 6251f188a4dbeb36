import asyncio

async def compute(x):
    await asyncio.sleep(0.01)
    return x * 2

loop = asyncio.new_event_loop()
try:
    print(loop.run_until_complete(compute(21)))
    task = loop.create_task(compute(5))
    print(loop.run_until_complete(task))
    loop.call_soon(loop.stop)
    loop.run_forever()
    print("stopped", loop.is_running())
finally:
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
print(loop.is_closed())
