# communicate() with input, sync and async: bytes and text, a large input and output at once (flow control both
# ways), stderr kept apart or merged into stdout, and input to a child that stops reading early.
import asyncio
import hashlib
import subprocess

BIG = bytes(range(256)) * 4096  # 1 MiB


def digest(data):
    return hashlib.sha256(data).hexdigest()[:16]


def sync_side():
    process = subprocess.Popen(['cat'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out, err = process.communicate(b'hello, cat\n')
    print('bytes:', out, err, process.returncode)
    process = subprocess.Popen(['tr', 'a-z', 'A-Z'], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    print('text:', process.communicate('shout this\nand this\n'))
    out = subprocess.run(['cat'], input=BIG, stdout=subprocess.PIPE).stdout
    print('1 MiB through cat:', len(out), digest(out) == digest(BIG))
    result = subprocess.run(['sh', '-c', 'echo to-out; echo to-err >&2; exit 2'], capture_output=True, text=True)
    print('apart:', repr(result.stdout), repr(result.stderr), result.returncode)
    result = subprocess.run(['sh', '-c', 'echo one; echo two >&2; echo three'], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    print('merged:', result.stdout)
    out, err = subprocess.Popen(['head', '-c', '5'], stdin=subprocess.PIPE, stdout=subprocess.PIPE).communicate(BIG)
    print('stops reading:', out)
    process = subprocess.Popen(['cat'], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdin.write(b'written first\n')
    print('after a write:', process.communicate(b'then communicated\n'))


async def async_side():
    process = await asyncio.create_subprocess_exec('cat', stdin=asyncio.subprocess.PIPE,
                                                   stdout=asyncio.subprocess.PIPE)
    out, err = await process.communicate(BIG)
    print('async 1 MiB:', len(out), digest(out) == digest(BIG), err, process.returncode)
    process = await asyncio.create_subprocess_exec(
        'sh', '-c', 'read line; echo "got $line"; echo oops >&2; exit 7',
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    print('async apart:', await process.communicate(b'a line\n'), process.returncode)
    process = await asyncio.create_subprocess_exec('sh', '-c', 'echo out; echo err >&2',
                                                   stdout=asyncio.subprocess.PIPE,
                                                   stderr=asyncio.subprocess.STDOUT)
    print('async merged:', await process.communicate())
    process = await asyncio.create_subprocess_exec('cat', stdin=asyncio.subprocess.PIPE,
                                                   stdout=asyncio.subprocess.PIPE)
    process.stdin.write(b'line one\n')
    await process.stdin.drain()
    print('readline:', await process.stdout.readline())
    process.stdin.write(b'line two\n')
    process.stdin.close()
    print('rest:', await process.stdout.read(), await process.wait())


sync_side()
asyncio.run(async_side())
