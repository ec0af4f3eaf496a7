import { classFields, usesPrivateMembers, type ClassField } from './class-members';
import { isClass } from './live-namespace';

type Constructor = { prototype: object; name: string };

const PROTOTYPE_SKIP: readonly PropertyKey[] = ['constructor'];
const STATIC_SKIP: readonly PropertyKey[] = ['prototype', 'length', 'name'];

/**
 * Instances created by an old version keep their old prototype. So that they run the new code,
 * the old prototype gives up its own methods and accessors and inherits from the new one (and the
 * old constructor from the new constructor): old instances call the new methods, and
 * `instanceof` the exported class stays true for them. Static state whose initializer did not
 * change carries over to the new class. What cannot be carried is kept as it was and named:
 * a method using `#private` members (old instances lack the new class's private names) keeps
 * its old code on old instances; arrow-function fields are set per instance by the constructor.
 * Nothing points from a new version back to an old one, so old versions go once unused; and
 * every older prototype inherits from the newest one directly, not through each version in
 * between (an instance kept from the first version would otherwise hold every version since).
 */
export class PrototypePatcher {
  /** Per class (its prototype, and itself), the older ones that now inherit from it directly. */
  private readonly adopted = new WeakMap<object, Set<WeakRef<object>>>();

  /** Returns what could not be carried over, by name. */
  patch(previous: Record<PropertyKey, unknown>, next: Record<PropertyKey, unknown>): string[] {
    const notes: string[] = [];
    for (const name of Object.keys(next)) {
      const before = previous[name];
      const after = next[name];
      if (before === after || !isClass(before) || !isClass(after)) continue;
      notes.push(...carryOver(before as Constructor, after as Constructor, name));
      this.adopt((before as Constructor).prototype, (after as Constructor).prototype);
      this.adopt(before as object, after as object);
    }
    return notes;
  }

  /** `old`, and the older ones that inherited from it, now inherit from `next`. */
  private adopt(old: object, next: object): void {
    const children = this.adopted.get(old) ?? new Set();
    this.adopted.delete(old);
    const adopted = this.adopted.get(next) ?? new Set<WeakRef<object>>();
    children.add(new WeakRef(old));
    for (const ref of children) {
      const child = ref.deref();
      if (child !== undefined && reparent(child, next)) adopted.add(ref);
    }
    this.adopted.set(next, adopted);
  }
}

function carryOver(before: Constructor, after: Constructor, name: string): string[] {
  const notes: string[] = [];
  const oldFields = classFields(before);
  const newFields = classFields(after);
  for (const key of Reflect.ownKeys(before.prototype)) {
    if (PROTOTYPE_SKIP.includes(key)) continue;
    const replacement = Object.getOwnPropertyDescriptor(after.prototype, key);
    if (replacement !== undefined && usesPrivate(replacement)) {
      notes.push(`${name}.${String(key)} uses #private members: instances made before this reload keep its old code`);
      continue;
    }
    Reflect.deleteProperty(before.prototype, key);
  }
  for (const key of Reflect.ownKeys(after.prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(after.prototype, key);
    if (PROTOTYPE_SKIP.includes(key) || descriptor === undefined || Object.hasOwn(before.prototype, key) || !usesPrivate(descriptor)) continue;
    notes.push(`${name}.${String(key)} is new and uses #private members: instances made before this reload cannot run it`);
  }
  notes.push(...fieldNotes(name, oldFields, newFields));
  carryStatics(before, after, oldFields, newFields);
  return notes;
}

/** Arrow-function fields that changed, and fields old instances do not have. */
function fieldNotes(name: string, oldFields: ReadonlyMap<string, ClassField>, newFields: ReadonlyMap<string, ClassField>): string[] {
  const notes: string[] = [];
  for (const [field, info] of newFields) {
    if (info.isStatic || field.startsWith('#')) continue;
    const old = oldFields.get(field);
    if (old === undefined) notes.push(`${name}.${field} is a new field: instances made before this reload do not have it`);
    else if (info.arrow && old.text !== info.text) notes.push(`${name}.${field} is an arrow-function field: instances made before this reload keep its old code`);
  }
  return notes;
}

/** A starting value (a count, an empty cache), as opposed to one computed from module code. */
const INITIAL_STATE = /^(?:-?\d[\d_.]*|'[^']*'|"[^"]*"|true|false|null|undefined|\[\s*\]|\{\s*\}|new\s+(?:Map|Set|WeakMap|WeakSet|Array|Object)\s*\(\s*\))?$/;

/**
 * Static data started from an unchanged literal is state (a counter, a cache): the new class
 * takes the old one's current value. Static methods and accessors come from the new class.
 */
function carryStatics(before: Constructor, after: Constructor, oldFields: ReadonlyMap<string, ClassField>, newFields: ReadonlyMap<string, ClassField>): void {
  for (const key of Reflect.ownKeys(before)) {
    if (STATIC_SKIP.includes(key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(before, key);
    if (descriptor === undefined) continue;
    const isState = 'value' in descriptor && typeof descriptor.value !== 'function';
    if (isState && typeof key === 'string') {
      const oldField = oldFields.get(key);
      const newField = newFields.get(key);
      if (oldField?.isStatic === true && newField?.isStatic === true && oldField.text === newField.text && INITIAL_STATE.test(newField.text) && Object.hasOwn(after, key)) {
        try {
          Object.defineProperty(after, key, descriptor);
        } catch {
          // A frozen or non-configurable static stays as the new class made it.
        }
      }
    }
    Reflect.deleteProperty(before, key);
  }
}

function usesPrivate(descriptor: PropertyDescriptor): boolean {
  return usesPrivateMembers(descriptor.value) || usesPrivateMembers(descriptor.get) || usesPrivateMembers(descriptor.set);
}

function reparent(old: object, next: object): boolean {
  try {
    Object.setPrototypeOf(old, next);
    return true;
  } catch {
    // A frozen old class, or one the new class extends: it keeps what it had.
    return false;
  }
}
