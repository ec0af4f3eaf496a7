import { isClass } from './live-namespace';

type Constructor = { prototype: object };

/**
 * Instances created by an old version keep their old prototype. So that they run the new code
 * too, each exported class gets the newest methods and accessors copied onto the prototypes of
 * all its earlier versions that are still alive (weakly held: a class nobody uses is collected),
 * and static members onto the old constructors. Fields set in constructors are left alone, so
 * existing instances keep their state.
 */
export class PrototypePatcher {
  private readonly history = new Map<string, WeakRef<Constructor>[]>();

  patch(moduleId: string, previous: Record<PropertyKey, unknown>, next: Record<PropertyKey, unknown>): void {
    for (const name of Object.keys(next)) {
      const before = previous[name];
      const after = next[name];
      if (before === after || !isClass(before) || !isClass(after)) continue;
      const key = `${moduleId}\0${name}`;
      const alive = (this.history.get(key) ?? []).filter((ref) => ref.deref() !== undefined);
      alive.push(new WeakRef(before as Constructor));
      this.history.set(key, alive);
      for (const ref of alive) {
        const old = ref.deref();
        if (old === undefined) continue;
        copyMembers((after as Constructor).prototype, old.prototype, ['constructor']);
        copyMembers(after as object, old, ['prototype', 'length', 'name']);
      }
    }
  }
}

function copyMembers(from: object, to: object, skip: readonly PropertyKey[]): void {
  for (const key of Reflect.ownKeys(from)) {
    if (skip.includes(key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(from, key);
    if (descriptor === undefined) continue;
    try {
      Object.defineProperty(to, key, descriptor);
    } catch {
      // A frozen or non-configurable member stays as it was.
    }
  }
}
