import { classFields, usesPrivateMembers, type ClassField } from './class-members';
import { isClass } from './is-class';

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
 * Nothing points from a new version back to an old one, so old versions go once unused. Every
 * older prototype of a class inherits from one hub object per class, and the hub from the newest
 * prototype: a reload moves the hub (two prototype changes), however many old versions are alive
 * (re-pointing each of them to the newest made a reload cost grow with every version kept), and an
 * instance kept from the first version holds no version in between.
 */
export class PrototypePatcher {
  /** Per class (its newest prototype, and its newest constructor): the hub its older ones inherit from. */
  private readonly hubs = new WeakMap<object, object>();

  /** Returns what could not be carried over, by name. */
  patch(previous: Record<PropertyKey, unknown>, next: Record<PropertyKey, unknown>): string[] {
    const notes: string[] = [];
    for (const name of Object.keys(next)) {
      // The new side first: most exports are no class, and their old value need not be read.
      const after = next[name];
      if (!isClass(after)) continue;
      const before = previous[name];
      if (before === after || !isClass(before)) continue;
      notes.push(...carryOver(before as Constructor, after as Constructor, name));
      this.forward((before as Constructor).prototype, (after as Constructor).prototype);
      this.forward(before as object, after as object);
    }
    return notes;
  }

  /** `old` (the newest until now) and the older ones before it inherit from `next`, through their hub. */
  private forward(old: object, next: object): void {
    const known = this.hubs.get(next);
    if (known !== undefined && Object.getPrototypeOf(old) === known) return; // the same class under two names
    let hub = this.hubs.get(old);
    if (hub === undefined) hub = Object.create(next) as object;
    // The hub first: `old` still inherits from whatever it did until the hub no longer points at it.
    else if (!reparent(hub, next)) return;
    this.hubs.delete(old);
    this.hubs.set(next, hub);
    reparent(old, hub);
  }
}

function carryOver(before: Constructor, after: Constructor, name: string): string[] {
  const notes: string[] = [];
  const oldFields = classFields(before);
  const newFields = classFields(after, before);
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
