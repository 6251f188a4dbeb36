"""The runtime's Python package as an import graph, for pythonImports.test.ts: which of its modules import which
(at the top or inside a function), the cycles among them, and the imports inside functions not marked deliberate.

Usage: python3 pythonImportGraph.py PACKAGE_FOLDER; prints one JSON object."""
import ast
import json
import pathlib
import sys

MARKER = 'deliberate lazy import'
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def modules_of(folder):
    found = {}
    for file in sorted(folder.rglob('*.py')):
        parts = list(file.relative_to(folder.parent).with_suffix('').parts)
        is_package = parts[-1] == '__init__'
        found['.'.join(parts[:-1] if is_package else parts)] = (file, is_package)
    return found


def targets(node, module, is_package, package, modules):
    """The package's modules an import statement names (`from . import x` names x when x is a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split('.')[0] == package]
    if node.level:
        base = module.split('.') if is_package else module.split('.')[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = '.'.join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ''
        if target.split('.')[0] != package:
            return []
    return [f'{target}.{alias.name}' if f'{target}.{alias.name}' in modules else target for alias in node.names]


def marked(lines, node):
    """The import, or the run of imports and comments right above it, carries a comment with MARKER."""
    row = node.lineno - 1
    if MARKER in lines[node.end_lineno - 1].lower():
        return True
    while row >= 0:
        text = lines[row].strip()
        if text.startswith('#') and MARKER in text.lower():
            return True
        if not (text.startswith('#') or text.startswith(('import ', 'from ')) or row == node.lineno - 1):
            return False
        row -= 1
    return False


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(vertex):
        index[vertex] = low[vertex] = len(index)
        stack.append(vertex)
        on_stack.add(vertex)
        for other in sorted(graph[vertex]):
            if other not in index:
                visit(other)
                low[vertex] = min(low[vertex], low[other])
            elif other in on_stack:
                low[vertex] = min(low[vertex], index[other])
        if low[vertex] == index[vertex]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == vertex:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for vertex in sorted(graph):
        if vertex not in index:
            visit(vertex)
    return found


def main(folder):
    package = folder.name
    modules = modules_of(folder)
    graph = {module: set() for module in modules}
    top_level, in_functions, unmarked = 0, 0, []
    for module, (file, is_package) in modules.items():
        text = file.read_text(encoding='utf-8')
        lines = text.splitlines()

        def walk(node, in_function):
            nonlocal top_level, in_functions
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    for target in targets(child, module, is_package, package, modules):
                        if target == module or target not in graph:
                            continue
                        graph[module].add(target)
                        if not in_function:
                            top_level += 1
                            continue
                        in_functions += 1
                        if not marked(lines, child):
                            unmarked.append({'module': module, 'imports': target, 'line': child.lineno})
                walk(child, in_function or isinstance(child, FUNCTIONS))

        walk(ast.parse(text, filename=str(file)), False)
    print(json.dumps({
        'modules': len(modules),
        'topLevelImports': top_level,
        'functionImports': in_functions,
        'cycles': cycles(graph),
        'unmarked': unmarked,
    }))


main(pathlib.Path(sys.argv[1]))
