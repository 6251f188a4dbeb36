import asyncio

async def step(n):
    await asyncio.sleep(0.001)
    return n + 1

with asyncio.Runner() as runner:
    value = 0
    for _ in range(3):
        value = runner.run(step(value))
    print("value", value)
    loop = runner.get_loop()
    print(type(loop).__name__ != "")
print(asyncio.run(step(41)))
