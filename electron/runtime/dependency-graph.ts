/**
 * Edges between workspace modules, recorded as modules import each other. Queries are
 * cycle-safe: every walk keeps a visited set.
 */
export class DependencyGraph<Id extends string> {
  private readonly dependenciesOf = new Map<Id, Set<Id>>();
  private readonly dependentsOf = new Map<Id, Set<Id>>();

  addEdge(from: Id, to: Id): void {
    getOrCreate(this.dependenciesOf, from).add(to);
    getOrCreate(this.dependentsOf, to).add(from);
  }

  /** Replaces a module's outgoing edges (a new version may import different modules). */
  setDependencies(from: Id, to: Iterable<Id>): void {
    for (const old of this.dependenciesOf.get(from) ?? []) this.dependentsOf.get(old)?.delete(from);
    this.dependenciesOf.delete(from);
    for (const target of to) this.addEdge(from, target);
  }

  dependencies(id: Id): Id[] {
    return [...(this.dependenciesOf.get(id) ?? [])].sort();
  }

  dependents(id: Id): Id[] {
    return [...(this.dependentsOf.get(id) ?? [])].sort();
  }

  transitiveDependencies(id: Id): Id[] {
    return this.walk(id, this.dependenciesOf);
  }

  transitiveDependents(id: Id): Id[] {
    return this.walk(id, this.dependentsOf);
  }

  /**
   * Transitive dependents of `id` in an order where each module comes after the modules it
   * imports (among the set); modules in a cycle keep a stable order.
   */
  dependentsInTopologicalOrder(id: Id): Id[] {
    const affected = new Set(this.transitiveDependents(id));
    affected.delete(id);
    const ordered: Id[] = [];
    const visited = new Set<Id>();
    const visit = (node: Id): void => {
      if (visited.has(node)) return;
      visited.add(node);
      for (const dependency of this.dependencies(node)) {
        if (affected.has(dependency)) visit(dependency);
      }
      ordered.push(node);
    };
    for (const node of [...affected].sort()) visit(node);
    return ordered;
  }

  /** True when `id` can reach itself. */
  inCycle(id: Id): boolean {
    return this.transitiveDependencies(id).includes(id);
  }

  private walk(start: Id, edges: Map<Id, Set<Id>>): Id[] {
    const seen = new Set<Id>();
    const stack = [...(edges.get(start) ?? [])];
    while (stack.length > 0) {
      const node = stack.pop() as Id;
      if (seen.has(node)) continue;
      seen.add(node);
      for (const next of edges.get(node) ?? []) stack.push(next);
    }
    return [...seen].sort();
  }
}

function getOrCreate<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}
