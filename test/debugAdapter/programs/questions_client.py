# Debug-adapter test program: asks the test's server (port argv[1]) four questions on one connection; the
# server's answers are new on every run, so only a replay of the recording can show the same ones again.
# Tests find lines by their "# @name" markers.
import asyncio
import sys


async def main(port):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    answers = []
    for n in range(4):
        writer.write(f'question {n}\n'.encode())  # @ask
        answer = await reader.readline()  # @read
        answers.append(answer.decode().strip())  # @got
    print(answers)
    writer.close()
    await writer.wait_closed()


asyncio.run(main(int(sys.argv[1])))
