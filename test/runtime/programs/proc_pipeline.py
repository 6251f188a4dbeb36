# A pipeline of child processes three ways: asyncio pipes pumped by the program (printf | sort | wc), Popen
# pipes handed from one child to the next (as the subprocess docs replace a shell pipeline), and the shell's own.
import asyncio
import subprocess
from asyncio.subprocess import PIPE

WORDS = 'pear\napple\nfig\napple\nkiwi\n'


async def pump(reader, writer):
    async for line in reader:
        writer.write(line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def asyncio_pipeline():
    source = await asyncio.create_subprocess_exec('printf', WORDS, stdout=PIPE)
    sort = await asyncio.create_subprocess_exec('sort', '-u', stdin=PIPE, stdout=PIPE)
    count = await asyncio.create_subprocess_exec('wc', '-l', stdin=PIPE, stdout=PIPE)
    first = asyncio.create_task(pump(source.stdout, sort.stdin))
    sorted_lines = []

    async def tee():
        async for line in sort.stdout:
            sorted_lines.append(line.decode().strip())
            count.stdin.write(line)
        count.stdin.close()

    await asyncio.gather(first, tee())
    total = (await count.stdout.read()).decode().strip()
    codes = [await process.wait() for process in (source, sort, count)]
    print('asyncio pipeline:', sorted_lines, total, codes)


def popen_pipeline():
    source = subprocess.Popen(['printf', WORDS], stdout=subprocess.PIPE)
    sort = subprocess.Popen(['sort'], stdin=source.stdout, stdout=subprocess.PIPE)
    source.stdout.close()
    uniq = subprocess.Popen(['uniq', '-c'], stdin=sort.stdout, stdout=subprocess.PIPE, text=True)
    sort.stdout.close()
    output = uniq.communicate()[0]
    print('popen pipeline:', [' '.join(line.split()) for line in output.splitlines()])
    print('codes:', source.wait(), sort.wait(), uniq.returncode)


async def shell_pipeline():
    process = await asyncio.create_subprocess_shell(f"printf '{WORDS}' | sort | uniq | wc -l", stdout=PIPE)
    out, err = await process.communicate()
    print('shell pipeline:', out.decode().strip(), err, process.returncode)


asyncio.run(asyncio_pipeline())
popen_pipeline()
asyncio.run(shell_pipeline())
