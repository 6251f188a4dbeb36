# Reads stdin, runs a pipeline of child processes, and lets a child write where the program's output goes:
# a replay of its recording prints the same without stdin and without starting a process (the marker file
# named in argv[1] grows by one line per real run of the shell child).
import asyncio
import os
import subprocess
import sys


async def main():
    words = sys.stdin.read().split()
    print('read', len(words), 'words')
    sort = await asyncio.create_subprocess_exec('sort', stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    sorted_words, _ = await sort.communicate('\n'.join(words).encode())
    counts = subprocess.run(['uniq', '-c'], input=sorted_words, capture_output=True, check=True)
    for line in counts.stdout.decode().splitlines():
        print(line.strip())
    print('sort exited with', sort.returncode, 'and has a pid:', sort.pid > 0)
    status = os.system(f'echo "child $$" >> {sys.argv[1]}; echo a child writes here too; exit 3')
    print('os.system returned', os.waitstatus_to_exitcode(status))


asyncio.run(main())
