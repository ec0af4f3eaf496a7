import { describe, expect, test } from 'vitest';
import { isClass } from '../../electron/runtime/live-namespace';

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
