// Unified diffs for `loopscope lint --diff`: a line diff printed as hunks with three lines of context,
// the format `patch` and `git apply` read. Lines found once in both texts anchor the diff (patience
// diff), so that a file with tens of thousands of fixes costs about its length; Myers' O(ND)
// algorithm diffs the short stretches between anchors.

const CONTEXT = 3;

type Operation = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/** The diff turning `before` into `after`, or '' when they are equal. Line endings are kept as they are. */
export function unifiedDiff(before: string, after: string, oldName: string, newName: string): string {
  if (before === after) return '';
  const operations = anchoredDiff(splitLines(before), splitLines(after));
  const hunks = groupHunks(operations);
  return [`--- ${oldName}\n+++ ${newName}\n`, ...hunks].join('');
}

/** Lines with their terminators (`\n`, `\r\n`, or none for the last). */
function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

/** The diff of `a` and `b`: common ends kept, then stretches between lines unique to both diffed apart. */
function anchoredDiff(a: readonly string[], b: readonly string[]): Operation[] {
  const operations: Operation[] = [];
  diffRange(a, 0, a.length, b, 0, b.length, operations);
  return operations;
}

/** Stretches at most this long (both sides together) are diffed with Myers' algorithm when no line anchors them. */
const MYERS_LIMIT = 4_000;

function diffRange(
  a: readonly string[],
  aStart: number,
  aEnd: number,
  b: readonly string[],
  bStart: number,
  bEnd: number,
  out: Operation[],
): void {
  // Common prefix and suffix.
  while (aStart < aEnd && bStart < bEnd && a[aStart] === b[bStart]) {
    out.push({ kind: ' ', line: a[aStart]! });
    aStart++;
    bStart++;
  }
  let suffix = 0;
  while (aEnd - suffix > aStart && bEnd - suffix > bStart && a[aEnd - suffix - 1] === b[bEnd - suffix - 1]) suffix++;
  const tail = a.slice(aEnd - suffix, aEnd);
  aEnd -= suffix;
  bEnd -= suffix;
  const anchors = uniqueAnchors(a, aStart, aEnd, b, bStart, bEnd);
  if (anchors.length > 0) {
    let ai = aStart;
    let bi = bStart;
    for (const [x, y] of anchors) {
      diffRange(a, ai, x, b, bi, y, out);
      out.push({ kind: ' ', line: a[x]! });
      ai = x + 1;
      bi = y + 1;
    }
    diffRange(a, ai, aEnd, b, bi, bEnd, out);
  } else if (aEnd - aStart + (bEnd - bStart) <= MYERS_LIMIT) {
    out.push(...diffLines(a.slice(aStart, aEnd), b.slice(bStart, bEnd)));
  } else {
    // A long stretch with no line in common once: shown as replaced, which is still a correct patch.
    for (let i = aStart; i < aEnd; i++) out.push({ kind: '-', line: a[i]! });
    for (let i = bStart; i < bEnd; i++) out.push({ kind: '+', line: b[i]! });
  }
  for (const line of tail) out.push({ kind: ' ', line });
}

/**
 * Pairs (index in a, index in b) of lines that occur exactly once in each range, the longest run
 * of them in the same order in both (patience sorting: O(k log k)).
 */
function uniqueAnchors(
  a: readonly string[],
  aStart: number,
  aEnd: number,
  b: readonly string[],
  bStart: number,
  bEnd: number,
): [number, number][] {
  const counts = new Map<string, { a: number; b: number; aIndex: number; bIndex: number }>();
  for (let i = aStart; i < aEnd; i++) {
    const entry = counts.get(a[i]!);
    if (entry) entry.a++;
    else counts.set(a[i]!, { a: 1, b: 0, aIndex: i, bIndex: -1 });
  }
  for (let i = bStart; i < bEnd; i++) {
    const entry = counts.get(b[i]!);
    if (!entry) continue;
    entry.b++;
    entry.bIndex = i;
  }
  const pairs: [number, number][] = [];
  for (const entry of counts.values()) if (entry.a === 1 && entry.b === 1) pairs.push([entry.aIndex, entry.bIndex]);
  if (pairs.length === 0) return [];
  pairs.sort((x, y) => x[0] - y[0]);
  // Longest increasing subsequence of the b indices.
  const tails: number[] = [];
  const previous = new Int32Array(pairs.length).fill(-1);
  for (let i = 0; i < pairs.length; i++) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (pairs[tails[middle]!]![1] < pairs[i]![1]) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[i] = tails[low - 1]!;
    tails[low] = i;
  }
  const result: [number, number][] = [];
  for (let i = tails.at(-1)!; i >= 0; i = previous[i]!) result.push(pairs[i]!);
  return result.reverse();
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
