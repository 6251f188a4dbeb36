"""A task nobody keeps a reference to can be garbage-collected mid-run (LOOP301)."""
import asyncio

background_tasks = set()


async def serve(answered, reader, writer):
    line = await reader.readline()
    print(line.decode().strip())
    writer.write(line)
    await writer.drain()
    writer.close()
    answered.put_nowait(line)


async def report(port, message, delay):
    # Only this task holds the reader: the connection's protocol keeps it weakly.
    await asyncio.sleep(delay)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(message.encode() + b"\n")
    await reader.readline()
    writer.close()


async def main():
    answered = asyncio.Queue()
    server = await asyncio.start_server(lambda r, w: serve(answered, r, w), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    asyncio.create_task(report(port, "fire and forget", 0))  # Mistake: the loop keeps only a weak reference.

    task = asyncio.create_task(report(port, "kept alive", 0.02))  # Corrected: keep it until it finishes.
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)

    for _ in range(2):
        await answered.get()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
