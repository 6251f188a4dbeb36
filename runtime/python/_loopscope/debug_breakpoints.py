"""Line and function breakpoints: where a requested line really lands, and whether a hit stops
(condition, hit count) or only logs (logpoints). Pure bookkeeping: the debugger asks, this answers."""
import os
import re
import types

by_file = {}
"""Normalized file name -> {line: Breakpoint}."""

functions = {}
"""Function name (qualified or plain) -> Breakpoint."""

_lines_cache = {}


class Breakpoint:
    __slots__ = ('id', 'line', 'condition', 'hit_condition', 'log_message', 'hits', '_code')

    def __init__(self, spec, line):
        self.id = int(spec['id'])
        self.line = line
        self.condition = spec.get('condition') or None
        self.hit_condition = (spec.get('hitCondition') or '').strip() or None
        self.log_message = spec.get('logMessage')
        self.hits = 0
        self._code = None


def normalize(path):
    return os.path.normcase(os.path.normpath(path))


def executable_lines(path):
    """Lines where a LINE event can happen, from compiling the file (None if it cannot be read or compiled)."""
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return None, 'the file cannot be read by the runtime'
    cached = _lines_cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1], cached[2]
    try:
        with open(path, 'rb') as file:
            code = compile(file.read(), path, 'exec', dont_inherit=True)
    except SyntaxError as error:
        result = (None, f'the file does not compile: {error.msg} (line {error.lineno})')
        _lines_cache[path] = (stamp, *result)
        return result
    except (OSError, ValueError) as error:
        return None, f'the file cannot be read by the runtime: {error}'
    lines = set()
    pending = [code]
    while pending:
        current = pending.pop()
        for _start, _end, line in current.co_lines():
            if line is not None and line > 0:
                lines.add(line)
        pending.extend(const for const in current.co_consts if isinstance(const, types.CodeType))
    _lines_cache[path] = (stamp, lines, None)
    return lines, None


def set_line_breakpoints(path, specs):
    """Replaces the breakpoints of one file; returns what each became (verified, moved line, or why not)."""
    lines, problem = executable_lines(path)
    table = {}
    results = []
    for spec in specs:
        requested = int(spec['line'])
        if lines is None:
            results.append({'id': int(spec['id']), 'verified': False, 'line': requested, 'message': problem})
            continue
        line = next((candidate for candidate in sorted(lines) if candidate >= requested), None)
        if line is None:
            results.append({'id': int(spec['id']), 'verified': False, 'line': requested, 'message': 'no code at or after this line'})
            continue
        if line in table:
            # Two requested lines landed on the same line: the first one owns it.
            results.append({'id': int(spec['id']), 'verified': True, 'line': line, 'message': None})
            continue
        table[line] = Breakpoint(spec, line)
        results.append({'id': int(spec['id']), 'verified': True, 'line': line, 'message': None})
    key = normalize(path)
    if table:
        by_file[key] = table
    else:
        by_file.pop(key, None)
    return results


def set_function_breakpoints(specs):
    functions.clear()
    results = []
    for spec in specs:
        name = str(spec['name']).strip()
        if not name:
            results.append({'id': int(spec['id']), 'verified': False, 'line': 0, 'message': 'empty function name'})
            continue
        functions[name] = Breakpoint(spec, 0)
        results.append({'id': int(spec['id']), 'verified': True, 'line': 0, 'message': None})
    return results


def function_breakpoint(code):
    return functions.get(code.co_qualname) or functions.get(code.co_name)


_HIT = re.compile(r'^(==|>=|<=|>|<|%)?\s*(\d+)$')


def _hit_matches(condition, hits):
    match = _HIT.match(condition)
    if match is None:
        return True
    operator, number = match.group(1) or '==', int(match.group(2))
    if operator == '==':
        return hits == number
    if operator == '>':
        return hits > number
    if operator == '>=':
        return hits >= number
    if operator == '<':
        return hits < number
    if operator == '<=':
        return hits <= number
    return number > 0 and hits % number == 0


def decide(breakpoint, frame):
    """'stop', 'skip', or ('log', text) for a hit of `breakpoint` in `frame`; errors in a condition stop with a note."""
    if breakpoint.condition:
        try:
            if breakpoint._code is None:
                breakpoint._code = compile(breakpoint.condition, '<breakpoint condition>', 'eval')
            if not eval(breakpoint._code, frame.f_globals, frame.f_locals):
                return 'skip'
        except Exception as error:
            return ('error', f'breakpoint condition {breakpoint.condition!r} failed: {type(error).__name__}: {error}')
    breakpoint.hits += 1
    if breakpoint.hit_condition and not _hit_matches(breakpoint.hit_condition, breakpoint.hits):
        return 'skip'
    if breakpoint.log_message is not None:
        return ('log', interpolate(breakpoint.log_message, frame))
    return 'stop'


def interpolate(message, frame):
    """Logpoint text: `{expression}` is evaluated in the frame, `{{` and `}}` are braces."""
    out = []
    i = 0
    while i < len(message):
        char = message[i]
        if char == '{' and message.startswith('{{', i):
            out.append('{')
            i += 2
        elif char == '}' and message.startswith('}}', i):
            out.append('}')
            i += 2
        elif char == '{':
            end = message.find('}', i)
            if end < 0:
                out.append(message[i:])
                break
            expression = message[i + 1:end]
            try:
                value = eval(expression, frame.f_globals, frame.f_locals)
                out.append(value if isinstance(value, str) else repr(value))
            except Exception as error:
                out.append(f'<{type(error).__name__}: {error}>')
            i = end + 1
        else:
            out.append(char)
            i += 1
    return ''.join(out)
