// The strings a process still holds, read from a heap snapshot of it (taken after a full collection, which also
// empties V8's weak caches: what is left is held by the program). For the tests that check what a lint keeps alive.
import { getHeapSnapshot } from 'node:v8';

export interface LiveString {
  /** Bytes. */
  readonly size: number;
  /** Its first characters (a snapshot names a string by them). */
  readonly start: string;
}

/** What a heap snapshot's JSON holds, as far as read here. */
interface HeapSnapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: readonly string[]; readonly node_types: readonly [readonly string[]] } };
  readonly nodes: readonly number[];
  readonly strings: readonly string[];
}

export async function liveStrings(): Promise<LiveString[]> {
  const chunks: string[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(String(chunk));
  const snapshot = JSON.parse(chunks.join('')) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const stride = fields.length;
  const typeField = fields.indexOf('type');
  const nameField = fields.indexOf('name');
  const sizeField = fields.indexOf('self_size');
  const stringType = snapshot.snapshot.meta.node_types[0]!.indexOf('string');
  const found: LiveString[] = [];
  for (let node = 0; node < snapshot.nodes.length; node += stride) {
    if (snapshot.nodes[node + typeField] !== stringType) continue;
    found.push({ size: snapshot.nodes[node + sizeField]!, start: snapshot.strings[snapshot.nodes[node + nameField]!]! });
  }
  return found;
}
