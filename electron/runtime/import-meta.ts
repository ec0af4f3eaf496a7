import { pathToFileURL } from 'node:url';
import path from 'node:path';

/** The name `import.meta` is compiled to (compile.ts); each module gets an object by that name. */
export const IMPORT_META = '__saraphina_import_meta';

export interface ImportMeta {
  readonly url: string;
  readonly filename: string;
  readonly dirname: string;
  readonly hot: unknown;
  resolve(specifier: string): string;
}

/** `import.meta` of a module: its real file URL and paths, as Node gives them, plus `hot`. */
export function importMetaFor(filename: string, hot: unknown, resolve: (specifier: string) => string): ImportMeta {
  return {
    url: pathToFileURL(filename).href,
    filename,
    dirname: path.dirname(filename),
    hot,
    resolve: (specifier) => {
      const resolved = resolve(specifier);
      return resolved.startsWith('node:') || !path.isAbsolute(resolved) ? resolved : pathToFileURL(resolved).href;
    },
  };
}
