# os.system and children with inherited stdout write where the program's own prints go, in order when the program
# flushes first; os.system returns the wait status, and the shell's errors are the shell's.
import asyncio
import os
import subprocess
import sys

print('1. the program', flush=True)
status = os.system('echo "2. os.system"')
print('3. status', status, os.waitstatus_to_exitcode(status), flush=True)
status = os.system('exit 3')
print('4. exit 3 ->', status, os.waitstatus_to_exitcode(status), flush=True)
status = os.system('kill -TERM $$')
print('5. killed ->', status, os.waitstatus_to_exitcode(status), flush=True)
subprocess.run(['echo', '6. subprocess.run, inherited'])
print('7. the program', flush=True)
subprocess.run(['sh', '-c', 'echo "8. the child writes stderr, sent to stdout" >&2'], stderr=sys.stdout)
subprocess.run(['sh', '-c', 'echo "to stderr, not stdout"'], stdout=sys.stderr)
subprocess.run(['sh', '-c', 'echo "9. stderr=STDOUT, inherited" >&2'], stderr=subprocess.STDOUT)


async def main():
    print('10. asyncio', flush=True)
    process = await asyncio.create_subprocess_exec('echo', '11. an asyncio child')
    await process.wait()
    process = await asyncio.create_subprocess_shell('echo "12. an asyncio shell"; echo "not on stdout" >&2')
    await process.wait()
    print('13. done', flush=True)


asyncio.run(main())
print(os.system(''), os.system('true'))
