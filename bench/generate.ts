import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh workspace folder with the given module files. */
export function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'saraphina-bench-'));
  mkdirSync(path.join(root, 'modules'));
  for (const [name, source] of Object.entries(files)) writeFileSync(path.join(root, 'modules', name), source);
  // The engine's own figures (and its peers', which type-check nothing): the gate is measured apart (typecheck.ts).
  writeFileSync(path.join(root, 'saraphina.config.json'), JSON.stringify({ typeCheck: false }));
  return root;
}

/** A module of `total` lines (500 unless told) with a class, many functions, a health() and a smoke test. */
export function largeModule(generation: number, total = 500): string {
  const lines = [
    `export const GENERATION = ${generation};`,
    'export class Ledger {',
    '  private readonly entries: number[] = [];',
    '  add(value: number): number { this.entries.push(value); return this.entries.length; }',
    '  total(): number { return this.entries.reduce((sum, value) => sum + value, 0); }',
    '}',
  ];
  for (let index = 0; lines.length < total - 8; index += 1) {
    lines.push(
      `export function step${index}(input: number): number {`,
      `  const scaled = input * ${index + 1} + GENERATION;`,
      `  return scaled % 97;`,
      '}',
    );
  }
  lines.push('export function health(): void {', '  if (step0(1) !== (1 + GENERATION) % 97) throw new Error("step0 broken");', '}');
  return `${lines.join('\n')}\n`;
}

export const LARGE_MODULE_SMOKE = `import assert from 'node:assert/strict';
import type * as Core from './core';
export default function smoke(m: typeof Core): void {
  const ledger = new m.Ledger();
  ledger.add(2);
  ledger.add(3);
  assert.equal(ledger.total(), 5);
  assert.equal(m.step1(1), (2 + m.GENERATION) % 97);
}
`;

export function dependent(index: number): string {
  return [
    `import { step${index}, Ledger } from './core';`,
    `export const use${index} = (n: number) => step${index}(n) + new Ledger().add(n);`,
    // An instance a caller keeps across reloads: where a runtime that patches prototypes could retain.
    'export const keep = () => { const ledger = new Ledger(); ledger.add(1); return ledger; };',
    '',
  ].join('\n');
}

/** What `dep1.use1(1)` answers when core is at `generation` (proves the new code is live). */
export function expectedAnswer(generation: number): number {
  return ((2 + generation) % 97) + 1;
}

/** The reload workload every system runs: the 500-line core (or `lines`) with classes, its smoke test, 3 dependents. */
export function reloadWorkloadFiles(lines = 500): Record<string, string> {
  return { 'core.ts': largeModule(0, lines), 'core.smoke.ts': LARGE_MODULE_SMOKE, 'dep1.ts': dependent(1), 'dep2.ts': dependent(2), 'dep3.ts': dependent(3) };
}

/** A module holding 1 MB of its own state (allocated per version: a leak would show at once). */
export function heavyModule(generation: number): string {
  return `const state = new Uint8Array(1024 * 1024).fill(${generation % 251});\nexport function checksum(): number { return state[0] + state[state.length - 1] + ${generation}; }\n`;
}

/** 300 modules: m000 has 100 transitive dependents (50 direct, 50 through them); 199 others. */
export function cascadeWorkspaceFiles(): Record<string, string> {
  const files: Record<string, string> = { 'm000.ts': 'export const base = (n: number) => n + 1;\n' };
  const name = (index: number) => `m${String(index).padStart(3, '0')}`;
  for (let index = 1; index <= 50; index += 1) {
    files[`${name(index)}.ts`] = `import { base } from './m000';\nexport const f${index} = (n: number) => base(n) * ${index};\n`;
  }
  for (let index = 51; index <= 100; index += 1) {
    const via = index - 50;
    files[`${name(index)}.ts`] = `import { f${via} } from './${name(via)}';\nexport const g${index} = (n: number) => f${via}(n) + ${index};\n`;
  }
  for (let index = 101; index < 300; index += 1) {
    const imports = index > 101 ? `import { h${index - 1} } from './${name(index - 1)}';\n` : '';
    const body = index > 101 ? `h${index - 1}(n) + 1` : 'n';
    files[`${name(index)}.ts`] = `${imports}export const h${index} = (n: number): number => ${body};\n`;
  }
  return files;
}
