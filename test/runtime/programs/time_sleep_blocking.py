import asyncio
import time

async def ticker(log):
    for i in range(3):
        log.append(f"tick{i}")
        await asyncio.sleep(0.01)

async def blocker(log):
    await asyncio.sleep(0.005)
    log.append("block start")
    time.sleep(0.05)
    log.append("block end")

async def main():
    log = []
    start = time.perf_counter()
    await asyncio.gather(ticker(log), blocker(log))
    print(log)
    print("elapsed:", round(time.perf_counter() - start, 1))

asyncio.run(main())
