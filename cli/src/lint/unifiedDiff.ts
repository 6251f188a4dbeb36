// Unified diffs for `loopscope lint --diff`: a line diff (Myers' O(ND) algorithm) printed as hunks
// with three lines of context, the format `patch` and `git apply` read.

const CONTEXT = 3;

type Operation = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/** The diff turning `before` into `after`, or '' when they are equal. Line endings are kept as they are. */
export function unifiedDiff(before: string, after: string, oldName: string, newName: string): string {
  if (before === after) return '';
  const operations = diffLines(splitLines(before), splitLines(after));
  const hunks = groupHunks(operations);
  return [`--- ${oldName}\n+++ ${newName}\n`, ...hunks].join('');
}

/** Lines with their terminators (`\n`, `\r\n`, or none for the last). */
function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

/** Myers' shortest edit script, as a list of kept, deleted and inserted lines. */
function diffLines(a: readonly string[], b: readonly string[]): Operation[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  trace.push(v);
  // Walk the trace backwards from (n, m).
  const operations: Operation[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0; d--) {
    const previous = trace[d]!;
    const k = x - y;
    const previousK = k === -d || (k !== d && previous[offset + k - 1]! < previous[offset + k + 1]!) ? k + 1 : k - 1;
    const previousX = previous[offset + previousK]!;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      operations.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (d > 0) {
      if (x === previousX) operations.push({ kind: '+', line: b[--y]! });
      else operations.push({ kind: '-', line: a[--x]! });
    }
  }
  while (x > 0 && y > 0) {
    operations.push({ kind: ' ', line: a[--x]! });
    y--;
  }
  return operations.reverse();
}

function groupHunks(operations: readonly Operation[]): string[] {
  const hunks: string[] = [];
  let index = 0;
  let oldLine = 1;
  let newLine = 1;
  // Line numbers at each operation.
  const positions = operations.map((operation) => {
    const position = { oldLine, newLine };
    if (operation.kind !== '+') oldLine++;
    if (operation.kind !== '-') newLine++;
    return position;
  });
  while (index < operations.length) {
    while (index < operations.length && operations[index]!.kind === ' ') index++;
    if (index >= operations.length) break;
    const start = Math.max(0, index - CONTEXT);
    let end = index;
    // Extend while the next change is within 2 * CONTEXT unchanged lines.
    for (;;) {
      while (end < operations.length && operations[end]!.kind !== ' ') end++;
      let unchanged = 0;
      while (end + unchanged < operations.length && operations[end + unchanged]!.kind === ' ') unchanged++;
      if (end + unchanged < operations.length && unchanged <= 2 * CONTEXT) {
        end += unchanged;
        continue;
      }
      end = Math.min(operations.length, end + Math.min(unchanged, CONTEXT));
      break;
    }
    const slice = operations.slice(start, end);
    const first = positions[start]!;
    const oldCount = slice.filter((operation) => operation.kind !== '+').length;
    const newCount = slice.filter((operation) => operation.kind !== '-').length;
    const range = (line: number, count: number): string => `${count === 0 ? line - 1 : line}${count === 1 ? '' : `,${count}`}`;
    let hunk = `@@ -${range(first.oldLine, oldCount)} +${range(first.newLine, newCount)} @@\n`;
    for (const operation of slice) {
      hunk += operation.kind + operation.line;
      if (!operation.line.endsWith('\n')) hunk += '\n\\ No newline at end of file\n';
    }
    hunks.push(hunk);
    index = end;
  }
  return hunks;
}
