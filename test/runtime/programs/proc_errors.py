# What fails fails as in CPython on Linux: a command that exits non-zero (check=True, check_output, check_call),
# a missing program, a folder that is not there as cwd, a file that is not executable, a folder as the program,
# bad arguments, and the same through asyncio.
import asyncio
import os
import subprocess
import tempfile


def show(what, error, folder=None):
    text = str(error) if folder is None else str(error).replace(folder, '<folder>')
    print(f'{what}: {type(error).__name__} errno={getattr(error, "errno", None)} {text}')


def sync_side(folder):
    try:
        subprocess.run(['sh', '-c', 'echo partial; exit 3'], check=True, capture_output=True)
    except subprocess.CalledProcessError as error:
        show('check=True', error)
        print('  returncode/output:', error.returncode, error.output, error.stderr)
    try:
        subprocess.check_output(['false'])
    except subprocess.CalledProcessError as error:
        show('check_output', error)
    try:
        subprocess.check_call('exit 9', shell=True)
    except subprocess.CalledProcessError as error:
        show('check_call', error)
    print('call:', subprocess.call(['sh', '-c', 'exit 4']))
    try:
        subprocess.run(['loopscope-no-such-program', '--flag'])
    except FileNotFoundError as error:
        show('missing', error)
        print('  filename:', error.filename, error.strerror)
    try:
        subprocess.run(['./also-missing'], cwd=folder)
    except FileNotFoundError as error:
        show('missing path', error)
    try:
        subprocess.run(['true'], cwd=os.path.join(folder, 'nope'))
    except FileNotFoundError as error:
        show('missing cwd', error, folder)
    script = os.path.join(folder, 'not-executable.sh')
    with open(script, 'w') as file:
        file.write('echo hi\n')
    try:
        subprocess.run([script])
    except PermissionError as error:
        show('not executable', error, folder)
    try:
        subprocess.run([folder])
    except PermissionError as error:
        show('a folder', error, folder)
    try:
        subprocess.run(['echo', 'a\0b'])
    except ValueError as error:
        show('NUL in argv', error)
    try:
        subprocess.run(['echo', 3])
    except TypeError as error:
        show('int in argv', error)
    try:
        subprocess.run(['true'], env={'A=B': '1'})
    except ValueError as error:
        show('bad env name', error)


async def async_side(folder):
    try:
        await asyncio.create_subprocess_exec('loopscope-no-such-program')
    except FileNotFoundError as error:
        show('async missing', error)
    process = await asyncio.create_subprocess_shell('loopscope-no-such-program 2>/dev/null')
    print('shell, missing command:', await process.wait())
    process = await asyncio.create_subprocess_exec('sh', '-c', 'exit 12')
    print('async exit code:', await process.wait())
    try:
        await asyncio.create_subprocess_exec('true', cwd=os.path.join(folder, 'nope'))
    except FileNotFoundError as error:
        show('async missing cwd', error, folder)


with tempfile.TemporaryDirectory() as folder:
    sync_side(folder)
    asyncio.run(async_side(folder))
