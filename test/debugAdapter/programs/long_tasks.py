# Two tasks taking turns for thousands of lines: long enough for the debugger's checkpoints (step back).
import asyncio


async def worker(name, n, log):
    total = 0
    for i in range(n):
        total += i  # @body
        await asyncio.sleep(0)
    log.append((name, total))  # @worker-done
    return total


async def sleeper():
    await asyncio.sleep(0.5)  # @sleeper-wait
    woke = 'after the workers'  # @sleeper-woke
    return woke  # @sleeper-return


async def main():
    log = []
    first = asyncio.create_task(worker('a', 1500, log))
    second = asyncio.create_task(worker('b', 1600, log))
    await asyncio.gather(first, second, sleeper())  # @gather
    print(log)  # @done


asyncio.run(main())
