import { transformSync } from 'esbuild';
import { firstLine } from '../../shared/errors';

export type ExportScan =
  | { readonly ok: true; readonly names: readonly string[]; readonly reExportsAll: boolean }
  | { readonly ok: false; readonly error: string };

/**
 * The names a TypeScript module source exports, read from esbuild's CommonJS output (its
 * `__export(…, { name: () => … })` table), so every export form counts without evaluating the code.
 * `export * from` cannot be resolved statically and is reported as `reExportsAll`.
 */
export function scanExports(source: string, label: string): ExportScan {
  let code: string;
  try {
    code = transformSync(source, { loader: 'ts', format: 'cjs', platform: 'node', target: 'node20', logLevel: 'silent' }).code;
  } catch (error) {
    const first = (error as { errors?: { text: string; location: { line: number; column: number } | null }[] }).errors?.[0];
    const where = first?.location ? ` (${label}:${first.location.line}:${first.location.column + 1})` : '';
    return { ok: false, error: `${first?.text ?? firstLine(String(error))}${where}` };
  }
  const table = /__export\(\w+, \{\n([\s\S]*?)\n\}\);/.exec(code)?.[1] ?? '';
  const names = [...table.matchAll(/^\s+("(?:[^"\\]|\\.)*"|[\w$]+): \(\) =>/gm)].map((match) => {
    const key = match[1] as string;
    return key.startsWith('"') ? (JSON.parse(key) as string) : key;
  });
  return { ok: true, names, reExportsAll: code.includes('__reExport(') };
}
