import asyncio

active = 0
peak = 0

async def limited(sem, i):
    global active, peak
    async with sem:
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.05 * (i + 1))
        # Under a loaded machine python3's timers fire late, so print only what timing cannot change.
        print("task", i, "done")
        active -= 1

async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(limited(sem, i) for i in range(5)))
    print("peak", peak)
    bounded = asyncio.BoundedSemaphore(1)
    await bounded.acquire()
    bounded.release()
    try:
        bounded.release()
    except ValueError:
        print("BoundedSemaphore over-release")

asyncio.run(main())
