/**
 * The rows a batch's deltas may leave without a counted activity: those whose count the batch
 * lowers or leaves as it was. A stored row always counts at least one activity (rows at zero are
 * pruned when touched), so a row whose count the batch raises keeps one: pruning it would find
 * nothing, and in a catch-up, where nearly every activity is new, that is nearly every row.
 */
export function mayEmpty<D extends { count: number }>(deltas: readonly D[], rowOf: (d: D) => string): D[] {
  const net = new Map<string, { row: D; count: number }>();
  for (const d of deltas) {
    const key = rowOf(d);
    const seen = net.get(key);
    if (seen) seen.count += d.count;
    else net.set(key, { row: d, count: d.count });
  }
  return [...net.values()].filter((n) => n.count <= 0).map((n) => n.row);
}
