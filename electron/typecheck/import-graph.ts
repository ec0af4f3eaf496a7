import path from 'node:path';
import type ts from 'typescript';

/**
 * Which of the workspace's files a change can affect: the changed files and every file that
 * imports one of them, directly or through others (an inferred type travels along re-exports).
 * A changed file that is a script (no import/export) declares globals, so it affects every file.
 */
export class ImportGraph {
  private readonly ts: typeof ts;
  private readonly root: string;
  /** Import specifiers per parsed file; a file's SourceFile object is new only when it changed. */
  private readonly specifiers = new WeakMap<ts.SourceFile, readonly string[]>();
  private cached: { readonly program: ts.Program; readonly graph: Graph } | null = null;

  constructor(typescript: typeof ts, root: string) {
    this.ts = typescript;
    this.root = root;
  }

  affectedBy(changed: readonly string[], program: ts.Program, options: ts.CompilerOptions): string[] {
    const graph = this.graphOf(program, options);
    const files = graph.files;
    const changedSet = new Set(changed);
    const isScript = files.some((file) => changedSet.has(file.fileName) && !file.isDeclarationFile && !this.ts.isExternalModule(file));
    if (isScript) return [...new Set([...changed, ...files.filter((file) => !file.isDeclarationFile).map((file) => file.fileName)])];
    let importers = graph.importers;
    const added = changed.filter((file) => !this.ts.sys.fileExists(file));
    if (added.length > 0 && graph.unresolved.length > 0) {
      // A new file: imports that found nothing on disk may name it.
      importers = new Map([...importers].map(([file, list]) => [file, [...list]]));
      const host: ts.ModuleResolutionHost = {
        fileExists: (file) => added.includes(compilerPath(file)) || this.ts.sys.fileExists(file),
        readFile: (file) => this.ts.sys.readFile(file),
      };
      for (const { file, specifier } of graph.unresolved) {
        const resolved = this.ts.resolveModuleName(specifier, file, options, host).resolvedModule?.resolvedFileName;
        if (resolved !== undefined) addEdge(importers, compilerPath(resolved), file);
      }
    }
    const reached = new Set<string>(changed);
    const queue = [...changed];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const importer of importers.get(next) ?? []) {
        if (reached.has(importer)) continue;
        reached.add(importer);
        queue.push(importer);
      }
    }
    return [...reached];
  }

  /** Who imports whom in `program`, resolved once per program (a program changes when a file does). */
  private graphOf(program: ts.Program, options: ts.CompilerOptions): Graph {
    if (this.cached?.program === program) return this.cached.graph;
    const cache = this.ts.createModuleResolutionCache(this.root, (name) => name, options);
    const files = program.getSourceFiles().filter((file) => this.isWorkspaceFile(file.fileName));
    const graph: Graph = { files, importers: new Map(), unresolved: [] };
    for (const file of files) {
      for (const specifier of this.specifiersOf(file)) {
        const resolved = this.ts.resolveModuleName(specifier, file.fileName, options, this.ts.sys, cache).resolvedModule?.resolvedFileName;
        if (resolved === undefined) graph.unresolved.push({ file: file.fileName, specifier });
        else addEdge(graph.importers, compilerPath(resolved), file.fileName);
      }
    }
    this.cached = { program, graph };
    return graph;
  }

  private specifiersOf(file: ts.SourceFile): readonly string[] {
    let list = this.specifiers.get(file);
    if (list === undefined) {
      list = this.ts.preProcessFile(file.text, true, true).importedFiles.map((imported) => imported.fileName);
      this.specifiers.set(file, list);
    }
    return list;
  }

  private isWorkspaceFile(file: string): boolean {
    const relative = path.relative(this.root, file);
    return !relative.startsWith('..') && !path.isAbsolute(relative) && !relative.split(/[\\/]/).includes('node_modules');
  }
}

interface Graph {
  /** The program's files that are the workspace's own (not libs or packages). */
  readonly files: readonly ts.SourceFile[];
  readonly importers: Map<string, string[]>;
  /** Imports that resolved to nothing (a new file may be what they name). */
  readonly unresolved: { readonly file: string; readonly specifier: string }[];
}

function addEdge(importers: Map<string, string[]>, imported: string, importer: string): void {
  const list = importers.get(imported);
  if (list === undefined) importers.set(imported, [importer]);
  else list.push(importer);
}

/** An absolute path as the compiler spells file names (forward slashes on every platform). */
export function compilerPath(file: string): string {
  return path.resolve(file).replace(/\\/g, '/');
}
