// User-configured blocking calls (`blocking-calls = ["mylib.query -> use mylib.aquery"]`).

export interface BlockingCallPattern {
  /** The configured text, for messages. */
  readonly source: string;
  /** Qualified name, `*` matching one dotted segment, a trailing `.*` any suffix. */
  readonly pattern: string;
  readonly suggestion?: string;
  readonly matcher: RegExp;
}

export function parseBlockingCallPattern(text: string): BlockingCallPattern | { error: string } {
  const [rawPattern = '', ...rest] = text.split('->');
  const pattern = rawPattern.trim();
  const suggestion = rest.join('->').trim();
  if (!/^[A-Za-z_*][\w*]*(\.[A-Za-z_*][\w*]*)*$/.test(pattern)) {
    return { error: `blocking-calls: '${text}' is not 'module.function' or 'module.function -> suggestion'` };
  }
  const body = pattern
    .split('.')
    .map((segment, index, all) => (segment === '*' && index === all.length - 1 && index > 0 ? '.*' : segment.replace(/\*/g, '[^.]*')))
    .join('\\.')
    .replace(/\\\.\.\*$/, '(?:\\..*)?');
  const matcher = new RegExp(`^${body}$`);
  return suggestion ? { source: text, pattern, suggestion, matcher } : { source: text, pattern, matcher };
}

export function matchBlockingCall(patterns: readonly BlockingCallPattern[], qualifiedName: string): BlockingCallPattern | undefined {
  return patterns.find((pattern) => pattern.matcher.test(qualifiedName));
}
