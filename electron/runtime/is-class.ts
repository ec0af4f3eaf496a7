/** The classes seen: a class is asked about at every reload and namespace read. */
const classes = new WeakSet<object>();

/** Whether `value` is a class (a plain, arrow, async or bound function is not). */
export function isClass(value: unknown): boolean {
  if (typeof value !== 'function') return false;
  // Arrows, methods, async and bound functions have no own `prototype`: no class. Asked without
  // reading it (a plain function's prototype object is made the first time it is read: for the
  // 15,000 functions of a 50,000-line module, each reload).
  if (!Object.hasOwn(value, 'prototype')) return false;
  if (classes.has(value)) return true;
  // Not remembered for the other functions: printing one is cheaper than a weak entry (that the
  // collector then has to clear) for each of thousands of functions per reload.
  if (!CLASS_SOURCE.test(Function.prototype.toString.call(value))) return false;
  classes.add(value);
  return true;
}

/** Only a class's source starts so (a bound or proxied class prints as native code). */
const CLASS_SOURCE = /^class[\s{]/;
