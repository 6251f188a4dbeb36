// Finds the lines that start an asyncio program — `asyncio.run(...)`, `asyncio.Runner(...)`, also through
// `import asyncio as aio` and `from asyncio import run, Runner` — for the "Run | Debug with Loopscope" code lens.
// A line scan, not a parse: quick on every keystroke, and wrong at worst about a lens. Free of `vscode`.

interface EntryPoint {
  /** 0-based line. */
  line: number;
  /** Columns of the call, for the lens range. */
  start: number;
  end: number;
  kind: 'run' | 'runner';
}

/** At most this many lenses per file. */
const MAX_ENTRY_POINTS = 20;

export function findAsyncioEntryPoints(text: string): EntryPoint[] {
  const lines = text.split(/\r?\n/);
  const modules = new Set(['asyncio']);
  const bareNames = new Map<string, 'run' | 'runner'>();
  for (const line of lines) {
    const moduleAlias = /^\s*import\s+(.+)$/.exec(line);
    if (moduleAlias) {
      for (const part of moduleAlias[1]!.split(',')) {
        const match = /^\s*asyncio(?:\s+as\s+(\w+))?\s*$/.exec(part.replace(/#.*$/, ''));
        if (match?.[1]) modules.add(match[1]);
      }
    }
    const fromImport = /^\s*from\s+asyncio\s+import\s+\(?([^#)]+)/.exec(line);
    if (fromImport) {
      for (const part of fromImport[1]!.split(',')) {
        const match = /^\s*(run|Runner)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (match) bareNames.set(match[2] ?? match[1]!, match[1] === 'run' ? 'run' : 'runner');
      }
    }
  }
  const moduleNames = [...modules].map(escapeRegExp).join('|');
  const bare = [...bareNames.keys()].map(escapeRegExp).join('|');
  const call = new RegExp(`(?<![\\w.])(?:(?:${moduleNames})\\.(run|Runner)${bare ? `|(${bare})` : ''})\\s*\\(`);
  const found: EntryPoint[] = [];
  let inString: string | null = null;
  for (let index = 0; index < lines.length && found.length < MAX_ENTRY_POINTS; index++) {
    const line = lines[index]!;
    const code = codePart(line, inString);
    inString = code.openString;
    const match = call.exec(code.text);
    if (!match) continue;
    const kind = match[1] ? (match[1] === 'run' ? 'run' : 'runner') : bareNames.get(match[2]!)!;
    found.push({ line: index, start: match.index, end: match.index + match[0].length, kind });
  }
  return found;
}

/**
 * The parts of a line that are code: string contents and comments blanked (same length, so columns hold).
 * `openString` is the triple quote still open at the line's end.
 */
function codePart(line: string, openString: string | null): { text: string; openString: string | null } {
  let out = '';
  let quote = openString;
  for (let at = 0; at < line.length;) {
    if (quote) {
      if (line.startsWith(quote, at)) {
        out += ' '.repeat(quote.length);
        at += quote.length;
        quote = null;
      } else {
        const skip = line[at] === '\\' ? 2 : 1;
        out += ' '.repeat(Math.min(skip, line.length - at));
        at += skip;
      }
      continue;
    }
    const char = line[at]!;
    if (char === '#') break;
    if (char === '"' || char === "'") {
      quote = line.startsWith(char.repeat(3), at) ? char.repeat(3) : char;
      out += ' '.repeat(quote.length);
      at += quote.length;
      continue;
    }
    out += char;
    at++;
  }
  // A single-quoted string cannot span lines.
  return { text: out, openString: quote && quote.length === 3 ? quote : null };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
