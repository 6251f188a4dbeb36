"""A blocking call hidden one function away still blocks the loop (LOOP108)."""
import asyncio
import time


def read_sensor(sensor_id):
    time.sleep(0.05)  # Pretend this is slow hardware I/O.
    return sensor_id * 10


def read_all(sensor_ids):
    return [read_sensor(sensor_id) for sensor_id in sensor_ids]


async def poll_blocking(sensor_ids):
    return read_all(sensor_ids)  # Mistake: read_all() → read_sensor() → time.sleep().


async def poll(sensor_ids):
    return await asyncio.to_thread(read_all, sensor_ids)  # Corrected: runs in a worker thread.


async def main():
    print(await poll_blocking([1, 2]))
    print(await poll([3, 4]))


if __name__ == "__main__":
    asyncio.run(main())
