// The building blocks of fixes: edits that replace a node, insert at a point, or replace a range.
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { Fix, Point, TextEdit } from '../rule';

export function replaceNode(node: SyntaxNode, newText: string): TextEdit {
  return { start: node.startPosition, end: node.endPosition, newText };
}

export function replaceRange(start: Point, end: Point, newText: string): TextEdit {
  return { start, end, newText };
}

export function insertAt(point: Point, text: string): TextEdit {
  return { start: point, end: point, newText: text };
}

/** A safe fix keeps what the code does; an unsafe one may change it (applied only on request). */
export function safeFix(message: string, edits: readonly TextEdit[]): Fix {
  return { message, safety: 'safe', edits };
}

export function unsafeFix(message: string, edits: readonly TextEdit[]): Fix {
  return { message, safety: 'unsafe', edits };
}
