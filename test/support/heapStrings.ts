// The strings a process still holds, read from a heap snapshot of it (taken after a full collection, which also
// empties V8's weak caches: what is left is held by the program). For the tests that check what a lint keeps alive.
import { getHeapSnapshot } from 'node:v8';

export interface LiveString {
  /** Bytes. */
  readonly size: number;
  /** Its first characters (a snapshot names a string by them). */
  readonly start: string;
  /** For a string of at least `explainFrom` bytes: what holds it, from the string up (`Type name --edge-->`). */
  readonly heldBy?: readonly string[];
}

/** What a heap snapshot's JSON holds, as far as read here. */
interface HeapSnapshot {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: readonly string[];
      readonly node_types: readonly [readonly string[]];
      readonly edge_fields: readonly string[];
      readonly edge_types: readonly [readonly string[]];
    };
  };
  readonly nodes: readonly number[];
  readonly edges: readonly number[];
  readonly strings: readonly string[];
}

/** How many holders up a string's explanation goes. */
const HOLDERS_SHOWN = 14;

/** The live strings; those of `explainFrom` bytes or more (default: none) say what holds them. */
export async function liveStrings(explainFrom = Infinity): Promise<LiveString[]> {
  const chunks: string[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(String(chunk));
  const snapshot = JSON.parse(chunks.join('')) as HeapSnapshot;
  const { meta } = snapshot.snapshot;
  const stride = meta.node_fields.length;
  const typeField = meta.node_fields.indexOf('type');
  const nameField = meta.node_fields.indexOf('name');
  const sizeField = meta.node_fields.indexOf('self_size');
  const stringType = meta.node_types[0].indexOf('string');
  const found: { size: number; start: string; node: number }[] = [];
  for (let node = 0; node < snapshot.nodes.length; node += stride) {
    if (snapshot.nodes[node + typeField] !== stringType) continue;
    found.push({ size: snapshot.nodes[node + sizeField]!, start: snapshot.strings[snapshot.nodes[node + nameField]!]!, node });
  }
  const explained = found.filter((string) => string.size >= explainFrom);
  if (explained.length === 0) return found.map(({ size, start }) => ({ size, start }));
  const holders = strongHolders(snapshot);
  const describe = (node: number): string =>
    `${meta.node_types[0][snapshot.nodes[node + typeField]!]} ${snapshot.strings[snapshot.nodes[node + nameField]!]!.slice(0, 60)}`;
  return found.map(({ size, start, node }) => {
    if (size < explainFrom) return { size, start };
    const heldBy: string[] = [];
    const seen = new Set<number>([node]);
    for (let holder = holders.get(node); holder !== undefined && heldBy.length < HOLDERS_SHOWN; holder = holders.get(holder.node)) {
      if (seen.has(holder.node)) break;
      seen.add(holder.node);
      heldBy.push(`${describe(holder.node)} --${holder.edge}-->`);
    }
    return { size, start, heldBy };
  });
}

/** For each node, one node holding it through an edge that is not weak, and that edge's name. */
function strongHolders(snapshot: HeapSnapshot): Map<number, { node: number; edge: string }> {
  const { meta } = snapshot.snapshot;
  const nodeStride = meta.node_fields.length;
  const edgeCountField = meta.node_fields.indexOf('edge_count');
  const edgeStride = meta.edge_fields.length;
  const edgeTypeField = meta.edge_fields.indexOf('type');
  const edgeNameField = meta.edge_fields.indexOf('name_or_index');
  const edgeToField = meta.edge_fields.indexOf('to_node');
  const edgeTypes = meta.edge_types[0];
  const weak = edgeTypes.indexOf('weak');
  const holders = new Map<number, { node: number; edge: string }>();
  let edge = 0;
  for (let node = 0; node < snapshot.nodes.length; node += nodeStride) {
    const count = snapshot.nodes[node + edgeCountField]!;
    for (let index = 0; index < count; index++, edge += edgeStride) {
      const type = snapshot.edges[edge + edgeTypeField]!;
      if (type === weak) continue;
      const to = snapshot.edges[edge + edgeToField]!;
      if (holders.has(to)) continue;
      const nameOrIndex = snapshot.edges[edge + edgeNameField]!;
      const named = edgeTypes[type] === 'element' || edgeTypes[type] === 'hidden' ? `[${nameOrIndex}]` : snapshot.strings[nameOrIndex]!;
      holders.set(to, { node, edge: `${edgeTypes[type]} ${named}` });
    }
  }
  return holders;
}
