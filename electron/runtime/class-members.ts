/**
 * Reads a class's fields from its source text (Function.prototype.toString), as esbuild prints
 * them: each field at the class body's own level, ending with `;`. Enough to tell what a reload
 * can carry over to old instances and what it cannot; never used to run anything.
 */
export interface ClassField {
  readonly isStatic: boolean;
  /** The initializer as written (empty when none). */
  readonly text: string;
  readonly arrow: boolean;
}

const FIELD = /^(static\s+)?(#?[A-Za-z_$][\w$]*)\s*(?:=\s*([\s\S]*))?$/;
const ARROW = /^(?:async\s+)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>/;

/** Per class: a class is read as the new one at a reload and again as the old one at the next. */
const read = new WeakMap<object, ReadonlyMap<string, ClassField>>();

/**
 * The fields of `cls`. `sameAs`, a class already read (the old version of it): when both print
 * the same source, its fields are the same (they are read from that text alone) and are not read
 * again. Most classes of a module do not change at a reload.
 */
export function classFields(cls: object, sameAs?: object): ReadonlyMap<string, ClassField> {
  let fields = read.get(cls);
  if (fields === undefined) {
    const source = Function.prototype.toString.call(cls);
    const known = sameAs === undefined ? undefined : read.get(sameAs);
    fields = known !== undefined && source === Function.prototype.toString.call(sameAs) ? known : readClassFields(source);
    read.set(cls, fields);
  }
  return fields;
}

function readClassFields(source: string): Map<string, ClassField> {
  const fields = new Map<string, ClassField>();
  const open = source.indexOf('{');
  if (open < 0) return fields;
  let depth = 0;
  // The member being read: all its text, and its text at the body's own level only.
  let member = '';
  let top = '';
  let inMethod = false;
  for (let index = open; index < source.length; index += 1) {
    const char = source[index] as string;
    const skipped = skipLiteral(source, index);
    if (skipped > index) {
      const literal = source.slice(index, skipped + 1);
      member += literal;
      if (depth === 1) top += literal.startsWith('/') ? ' ' : literal;
      index = skipped;
      continue;
    }
    if (char === '{' || char === '(' || char === '[') {
      depth += 1;
      if (depth === 1) continue;
      // A method, accessor or static block: its body is no field initializer.
      if (char === '{' && depth === 2 && !top.includes('=')) inMethod = true;
      member += char;
      continue;
    }
    if (char === '}' || char === ')' || char === ']') {
      depth -= 1;
      if (depth === 0) break;
      member += char;
      if (char === '}' && depth === 1 && inMethod) {
        member = '';
        top = '';
        inMethod = false;
      }
      continue;
    }
    if (depth === 1 && char === ';') {
      addField(fields, member.trim());
      member = '';
      top = '';
      continue;
    }
    member += char;
    if (depth === 1) top += char;
  }
  return fields;
}

function addField(fields: Map<string, ClassField>, text: string): void {
  const match = FIELD.exec(text);
  if (match === null) return;
  const initializer = (match[3] ?? '').trim();
  fields.set(match[2] as string, { isStatic: match[1] !== undefined, text: initializer, arrow: ARROW.test(initializer) });
}

/** The index of a string, template or comment's last character starting at `index`, else `index`. */
function skipLiteral(source: string, index: number): number {
  const char = source[index];
  if (char === '/' && source[index + 1] === '/') return Math.max(index, source.indexOf('\n', index) - 1);
  if (char === '/' && source[index + 1] === '*') return source.indexOf('*/', index + 2) + 1;
  if (char !== '"' && char !== "'" && char !== '`') return index;
  for (let end = index + 1; end < source.length; end += 1) {
    if (source[end] === '\\') end += 1;
    else if (source[end] === char) return end;
  }
  return source.length - 1;
}

/** True when a function's code reads or writes `#private` members (`this.#x`, `#x in o`). */
export function usesPrivateMembers(fn: unknown): boolean {
  if (typeof fn !== 'function') return false;
  return /\.\s*#[A-Za-z_$]|#[A-Za-z_$][\w$]*\s+in\s/.test(Function.prototype.toString.call(fn));
}
