# Talks to the test's server (port in argv[1]), whose answers differ on every run, and prints what only the
# world or chance decides: a replay of its recording must print all of it again, without the server.
import asyncio
import datetime
import os
import random
import sys
import time
import uuid


async def ask(port, question):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    writer.write(f'{question}\n'.encode())
    await writer.drain()
    answer = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return answer.decode().strip()


async def main():
    port = int(sys.argv[1])
    answers = await asyncio.gather(*(ask(port, f'question {n}') for n in range(3)))
    for answer in answers:
        print(answer)
    infos = await asyncio.get_running_loop().getaddrinfo('localhost', port, type=1)
    print('localhost is', sorted({info[4][0] for info in infos}))
    print('uuid4', uuid.uuid4())
    print('random', random.random(), random.randbytes(4).hex())
    print('urandom', os.urandom(8).hex())
    print('time', time.time(), datetime.datetime.now().isoformat())
    print('pid', os.getpid())


asyncio.run(main())
