/**
 * Orders models by their dependencies (Kahn's algorithm, ties by name so builds are
 * reproducible) and finds everything downstream of a failed model.
 */
import { ModelError } from '../errors.ts';

export interface Node {
  readonly name: string;
  readonly dependsOn: readonly string[];
  /** Extra relations this node produces besides its name (e.g. meta.check_results). */
  readonly produces?: readonly string[];
}

/** Dependencies restricted to nodes of the graph (raw.*, ref.*, meta.files are inputs). */
function edges<T extends Node>(nodes: readonly T[]): Map<string, string[]> {
  const producer = new Map<string, string>();
  for (const n of nodes) {
    producer.set(n.name, n.name);
    for (const p of n.produces ?? []) producer.set(p, n.name);
  }
  const result = new Map<string, string[]>();
  for (const n of nodes) {
    const deps = n.dependsOn.map((d) => producer.get(d)).filter((d): d is string => d !== undefined && d !== n.name);
    result.set(n.name, [...new Set(deps)]);
  }
  return result;
}

/** Among models that are ready at the same time: staging first, then core, marts, the rest. */
const LAYER_RANK = ['staging.', 'core.', 'mart.'];
function rank(name: string): string {
  const i = LAYER_RANK.findIndex((p) => name.startsWith(p));
  return `${i === -1 ? LAYER_RANK.length : i}:${name}`;
}

export function topologicalOrder<T extends Node>(nodes: readonly T[]): T[] {
  const deps = edges(nodes);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const remaining = new Map([...deps].map(([k, v]) => [k, new Set(v)]));
  const order: T[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining]
      .filter(([, d]) => d.size === 0)
      .map(([k]) => k)
      .sort((a, b) => rank(a).localeCompare(rank(b)));
    if (ready.length === 0) {
      const cycle = [...remaining.keys()].sort().join(', ');
      throw new ModelError(`Models depend on each other in a cycle: ${cycle}`, cycle, '', 'Remove the circular reference.');
    }
    for (const name of ready) {
      order.push(byName.get(name)!);
      remaining.delete(name);
      for (const d of remaining.values()) d.delete(name);
    }
  }
  return order;
}

/** Every node that (transitively) depends on `failed`. */
export function dependants<T extends Node>(nodes: readonly T[], failed: string): Set<string> {
  const deps = edges(nodes);
  const found = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, d] of deps) {
      if (!found.has(name) && d.some((x) => x === failed || found.has(x))) {
        found.add(name);
        grew = true;
      }
    }
  }
  return found;
}

/** `targets` and everything they (transitively) depend on. */
export function upstreamClosure<T extends Node>(nodes: readonly T[], targets: readonly string[]): Set<string> {
  const deps = edges(nodes);
  const found = new Set<string>();
  const stack = [...targets];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (found.has(name) || !deps.has(name)) continue;
    found.add(name);
    stack.push(...deps.get(name)!);
  }
  return found;
}
