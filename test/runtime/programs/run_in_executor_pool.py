import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

def job(i):
    time.sleep(0.2)
    return i

async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    with ThreadPoolExecutor(max_workers=2) as pool:
        done_at = {}
        async def run(i):
            result = await loop.run_in_executor(pool, job, i)
            done_at[result] = round((loop.time() - start) * 5)
        await asyncio.gather(*(run(i) for i in range(5)))
    print(sorted(done_at.items()))

asyncio.run(main())
