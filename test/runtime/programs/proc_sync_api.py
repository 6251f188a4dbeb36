# The synchronous subprocess API: run / check_output / call / getoutput, Popen with stdin=PIPE, poll(), the
# context manager, text and encodings, cwd and env as the program set them (os.chdir, os.environ), shell=True,
# files as stdout, and os.popen.
import os
import subprocess
import tempfile

print('run:', subprocess.run(['echo', 'hi'], capture_output=True))
print('check_output:', subprocess.check_output(['printf', 'a\\nb\\n'], text=True).splitlines())
print('shell:', subprocess.check_output('echo $((6 * 7))', shell=True))
print('getoutput:', subprocess.getoutput('echo one; echo two'))
print('getstatusoutput:', subprocess.getstatusoutput('echo fail; exit 3'))
print('call:', subprocess.call(['true']), subprocess.call('exit 5', shell=True))
print('utf-8:', subprocess.run(['printf', 'caf\\303\\251'], capture_output=True, encoding='utf-8').stdout)
print('errors=replace:', subprocess.run(['printf', '\\377ok'], capture_output=True, encoding='utf-8', errors='replace').stdout)
print('universal newlines:', repr(subprocess.run(['printf', 'a\\r\\nb\\rc'], capture_output=True, text=True).stdout))

os.environ['LOOPSCOPE_TEST_VALUE'] = 'from os.environ'
print('inherited env:', subprocess.check_output('echo $LOOPSCOPE_TEST_VALUE', shell=True, text=True).strip())
print('given env:', subprocess.check_output(['sh', '-c', 'echo "$ONLY|$LOOPSCOPE_TEST_VALUE"'], env={'ONLY': 'this'}, text=True).strip())

with tempfile.TemporaryDirectory() as folder:
    os.mkdir(os.path.join(folder, 'sub'))
    print('cwd=:', os.path.basename(subprocess.check_output(['pwd'], cwd=os.path.join(folder, 'sub'), text=True).strip()))
    here = os.getcwd()
    os.chdir(folder)
    print('after chdir:', subprocess.check_output(['ls'], text=True).split())
    os.chdir(here)
    log = os.path.join(folder, 'log.txt')
    with open(log, 'w') as file:
        file.write('first line\n')
        file.flush()
        subprocess.run(['echo', 'from the child'], stdout=file)
        subprocess.run(['sh', '-c', 'echo to stderr >&2'], stderr=file)
        file.write('the program again\n')
    with open(log) as file:
        print('file as stdout:', file.read().splitlines())
    with open(log) as file:
        print('file as stdin:', subprocess.run(['wc', '-l'], stdin=file, capture_output=True, text=True).stdout.strip())
    print('DEVNULL:', subprocess.run(['cat'], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE).stdout)

with subprocess.Popen(['cat'], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as process:
    print('poll while running:', process.poll())
    process.stdin.write('line 1\n')
    process.stdin.write('line 2\n')
    process.stdin.close()
    print('read:', process.stdout.read().splitlines())
print('after with:', process.returncode, process.poll())

process = subprocess.Popen(['sh', '-c', 'read a; echo "<$a>"'], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
process.stdin.write(b'unbuffered\n')
print('bufsize=0:', process.stdout.readline(), process.wait())

print('repr:', repr(subprocess.Popen(['true'])).split(':')[0])
print('isinstance:', isinstance(process, subprocess.Popen), subprocess.Popen[bytes])

stream = os.popen('echo from popen; exit 2')
print('os.popen:', stream.read().strip(), stream.close())
stream = os.popen('cat > /dev/null', 'w')
stream.write('ignored\n')
print('os.popen w:', stream.close())
