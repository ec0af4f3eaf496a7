import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TypeGate } from '../../electron/typecheck/type-gate';
import { copyDemoWorkspace, makeWorkspace } from '../support/temp-workspace';

const gates: TypeGate[] = [];
afterEach(async () => {
  for (const gate of gates.splice(0)) await gate.close();
});

function gateFor(root: string): TypeGate {
  const gate = new TypeGate(root, true);
  gates.push(gate);
  return gate;
}

const file = (root: string, module: string): string => path.join(root, 'modules', `${module}.ts`);

describe('type-check gate', () => {
  it('without a tsconfig uses defaults: Node types and the hot object are known, a wrong type is an error at its line', async () => {
    const root = makeWorkspace({
      math: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
      user: "import { readFileSync } from 'node:fs';\nimport { add } from './math';\nexport const total = add(1, 2);\nhot.dispose(() => readFileSync);\n",
    });
    const gate = gateFor(root);
    const clean = await gate.check([{ path: file(root, 'user'), source: "import { add } from './math';\nexport const total = add(1, 2);\nexport const loose = (x) => x;\n" }]);
    expect(clean.checked).toBe(true);
    expect(clean.tsconfig).toBeNull();
    expect(clean.errors).toEqual([]);
    const broken = await gate.check([{ path: file(root, 'user'), source: "import { add } from './math';\n\nexport const total: string = add(1, 2);\n" }]);
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0]).toMatchObject({ file: 'modules/user.ts', line: 3, code: 2322 });
  });

  it('reports errors a change causes in the modules that import it, and leaves out errors the workspace already had', async () => {
    const root = makeWorkspace({
      math: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
      user: "import { add } from './math';\nexport const total = add(1, 2);\n",
      old: 'export const wrong: number = "already broken";\n',
    });
    const gate = gateFor(root);
    const report = await gate.check([{ path: file(root, 'math'), source: 'export function add(a: string): string {\n  return a;\n}\n' }]);
    expect(report.errors.map((error) => `${error.file}:${error.line} TS${error.code}`)).toEqual(['modules/user.ts:2 TS2554']);
    const again = await gate.check([{ path: file(root, 'old'), source: '\n\nexport const wrong: number = "already broken";\n' }]);
    expect(again.errors).toEqual([]);
    expect(again.preExisting).toBe(1);
  });

  it('checks importers only when what they can see of the changed file changed (a type by name included)', async () => {
    const root = makeWorkspace({
      shapes: 'export interface Point {\n  x: number;\n}\nexport function origin(): Point {\n  return { x: 0 };\n}\n',
      user: "import { origin } from './shapes';\nexport const x: number = origin().x;\n",
    });
    const gate = gateFor(root);
    const body = await gate.check([{ path: file(root, 'shapes'), source: 'export interface Point {\n  x: number;\n}\nexport function origin(): Point {\n  return { x: 1 - 1 };\n}\n' }]);
    expect(body).toMatchObject({ errors: [], filesChecked: 1 });
    const reshaped = await gate.check([{ path: file(root, 'shapes'), source: 'export interface Point {\n  y: number;\n}\nexport function origin(): Point {\n  return { y: 0 };\n}\n' }]);
    expect(reshaped.filesChecked).toBe(2);
    expect(reshaped.errors.map((error) => `${error.file}:${error.line} TS${error.code}`)).toEqual(['modules/user.ts:2 TS2339']);
  });

  it("uses the project's own tsconfig (the demo's strict settings)", async () => {
    const root = copyDemoWorkspace();
    const gate = gateFor(root);
    const report = await gate.check([{ path: path.join(root, 'src', 'text_utils.ts'), source: 'export function shout(text) {\n  return text;\n}\n' }]);
    expect(report.tsconfig).toBe('tsconfig.json');
    expect(report.errors.some((error) => error.code === 7006 && error.file === 'src/text_utils.ts' && error.line === 1)).toBe(true);
  });

  it('checks in a worker thread: a timer on the main thread keeps firing during a check', async () => {
    const root = makeWorkspace({ a: 'export const a = 1;\n' });
    writeFileSync(path.join(root, 'modules', 'b.ts'), "import { a } from './a';\nexport const b: number = a;\n");
    const gate = gateFor(root);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    try {
      const report = await gate.check([{ path: file(root, 'a'), source: 'export const a = "one";\n' }]);
      expect(report.errors.map((error) => error.file)).toEqual(['modules/b.ts']);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });
});
