import { describe, expect, test } from 'vitest';
import { classFields } from '../../electron/runtime/class-members';
import { isClass } from '../../electron/runtime/is-class';

// Each call makes a new class object from the same text, as each version of a module does.
const makeClass = (initial: string) => new Function(`return class Item { count = ${initial}; static made = 0; add = () => 1; get size() { return 1; } }`)() as object;

describe('isClass', () => {
  test('tells classes from every other kind of function, the same when asked again', () => {
    class Plain {}
    function declared(): number {
      return 1;
    }
    function* generator(): Generator<number> {
      yield 1;
    }
    const kinds: [unknown, boolean][] = [
      [Plain, true],
      [class extends Plain {}, true],
      [declared, false],
      [() => 1, false],
      [async () => 1, false],
      [generator, false],
      [{ m() {} }.m, false],
      [Plain.bind(null), false],
      [new Proxy(Plain, {}), false],
      [Map, false],
      [{}, false],
      ['class A {}', false],
      [null, false],
    ];
    for (const [value, expected] of kinds) {
      expect(isClass(value)).toBe(expected);
      expect(isClass(value)).toBe(expected);
    }
  });
});

describe('classFields', () => {
  test('a class printing the same source as one already read has the same fields; a different one is read itself', () => {
    const first = makeClass('0');
    const fields = classFields(first);
    expect([...fields]).toEqual([
      ['count', { isStatic: false, text: '0', arrow: false }],
      ['made', { isStatic: true, text: '0', arrow: false }],
      ['add', { isStatic: false, text: '() => 1', arrow: true }],
    ]);
    expect(classFields(makeClass('0'), first)).toBe(fields);
    const changed = classFields(makeClass('5'), first);
    expect(changed.get('count')).toEqual({ isStatic: false, text: '5', arrow: false });
    expect(fields.get('count')?.text).toBe('0');
    // Not read before: nothing to compare with, read from its own source.
    expect(classFields(makeClass('7'), makeClass('7')).get('count')?.text).toBe('7');
  });
});
