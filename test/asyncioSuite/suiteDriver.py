"""Runs one module of CPython's test_asyncio with unittest on the Loopscope runtime and reports each test as a
JSON line on stdout: {"ready": module} once Python runs (the runner times the module from there, without the
interpreter's start-up), {"start": id} when a test begins (so a hang is pinned on the test that never ended), then
{"test": id, "outcome": "pass"|"fail"|"error"|"skip"|"expected-failure"|"unexpected-success"}.

Usage (from suiteRunner.ts): loopscope run --max-wall 0 suiteDriver.py SUITE_DIR MODULE [SKIP_FILE], or the same
arguments to baselineHost.ts for the baseline
SKIP_FILE lists test ids (one a line) not to run: those already reported before a hang or crash ended an
earlier attempt, and the test that hung.
"""
import json
import sys
import unittest

_real_stdout = sys.stdout


def _emit(record):
    _real_stdout.write('\x1eLOOPSCOPE-SUITE ' + json.dumps(record) + '\n')
    _real_stdout.flush()


class _Reporting(unittest.TextTestResult):
    def startTest(self, test):
        _emit({'start': test.id()})
        super().startTest(test)

    def addSuccess(self, test):
        super().addSuccess(test)
        _emit({'test': test.id(), 'outcome': 'pass'})

    def addFailure(self, test, err):
        super().addFailure(test, err)
        _emit({'test': test.id(), 'outcome': 'fail'})

    def addError(self, test, err):
        super().addError(test, err)
        # A module that fails to import, or a class whose setUpClass fails, is reported under its own id.
        _emit({'test': getattr(test, 'id', lambda: str(test))(), 'outcome': 'error'})

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        _emit({'test': test.id(), 'outcome': 'skip'})

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        _emit({'test': test.id(), 'outcome': 'expected-failure'})

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        _emit({'test': test.id(), 'outcome': 'unexpected-success'})

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            _emit({'test': test.id(), 'outcome': 'fail' if issubclass(err[0], test.failureException) else 'error', 'subtest': str(subtest)})


def _flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _flatten(item)
        else:
            yield item


def main():
    suite_dir, module = sys.argv[1], sys.argv[2]
    _emit({'ready': module})
    sys.path.insert(0, suite_dir)
    # The tests' own output (and unittest's report) goes to stderr; stdout carries only the records.
    sys.stdout = sys.stderr
    tests = unittest.defaultTestLoader.loadTestsFromName(f'test.test_asyncio.{module}')
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding='utf-8') as listing:
            skip = set(listing.read().split())
        # A flat suite of what is left: TestSuite.run still sets up and tears down classes and modules.
        tests = unittest.TestSuite(test for test in _flatten(tests) if test.id() not in skip)
    runner = unittest.TextTestRunner(stream=sys.stderr, resultclass=_Reporting, verbosity=0)
    result = runner.run(tests)
    _emit({'done': module, 'run': result.testsRun})


main()
