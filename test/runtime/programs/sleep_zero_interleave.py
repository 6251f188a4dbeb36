import asyncio

async def spinner(name, n, log):
    for i in range(n):
        log.append(f"{name}{i}")
        await asyncio.sleep(0)

async def main():
    log = []
    await asyncio.gather(spinner("a", 3, log), spinner("b", 2, log), spinner("c", 4, log))
    print(" ".join(log))

asyncio.run(main())
