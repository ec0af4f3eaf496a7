import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type ts from 'typescript';
import { readCompilerSetup, virtualFile, type CompilerSetup } from './compiler-setup';
import { exportSurface } from './export-surface';
import { ImportGraph, compilerPath } from './import-graph';
import type { CandidateSource, CheckOutcome, RawDiagnostic } from './protocol';

/** One language service and the sources it sees laid over the disk. */
interface Side {
  readonly service: ts.LanguageService;
  readonly overrides: Map<string, Override>;
}

/**
 * Type-checks candidates against one workspace, incrementally. Two language services share one
 * document registry (so each file is parsed once): the baseline sees the workspace as it serves
 * now, the candidate sees it with the candidate's sources laid over it. After a change is
 * published the candidate's program *is* the next baseline, so the two swap roles and the next
 * check starts from a warm type checker. Only the changed files and the files that import them
 * (transitively) are checked — the importers only when the changed file's export surface changed —
 * and an error counts only when the baseline does not have it too.
 */
export class WorkspaceChecker {
  private readonly ts: typeof ts;
  private readonly root: string;
  private readonly nodeTypes: string | null;
  private setup: CompilerSetup;
  /** What the setup was read from (tsconfig and source folders' times), to re-read it only on change. */
  private setupStamp = '';
  /** Disk versions seen during the current check (both programs ask for every file). */
  private readonly versions = new Map<string, string>();
  private baseline: Side;
  private candidate: Side;
  private readonly graph: ImportGraph;

  constructor(typescript: typeof ts, root: string, nodeTypes: string | null, registry: ts.DocumentRegistry = typescript.createDocumentRegistry()) {
    this.ts = typescript;
    this.root = compilerPath(root);
    this.nodeTypes = nodeTypes;
    this.setup = readCompilerSetup(typescript, this.root, nodeTypes);
    this.baseline = this.side(registry);
    this.candidate = this.side(registry);
    this.graph = new ImportGraph(typescript, this.root);
  }

  /** Builds the baseline program (parsing every file, loading the libs) before the first change. */
  warmUp(): void {
    this.refreshSetup();
    this.baseline.service.getProgram();
  }

  dispose(): void {
    this.baseline.service.dispose();
    this.candidate.service.dispose();
  }

  check(sources: readonly CandidateSource[]): CheckOutcome {
    const started = performance.now();
    this.versions.clear();
    this.refreshSetup();
    // Plain JavaScript is type-checked only where the project asks for it (checkJs).
    const files = sources.filter((file) => this.setup.options.checkJs === true || !/\.(c|m)?jsx?$/.test(file.path));
    if (files.length === 0) return { errors: [], preExisting: 0, filesChecked: 0, tsconfig: this.setup.tsconfig, ms: 0 };
    // A source equal to the file on disk is read from disk: the same text under two versions
    // would make a new program (and a cold type checker) for nothing.
    const laid = (file: string, source: string | undefined) => (source === undefined || source === this.ts.sys.readFile(file) ? [] : [[file, override(source)] as const]);
    const previous = new Map(files.flatMap((file) => laid(compilerPath(file.path), file.previous)));
    // The side that already sees what serves now is the baseline: its checker is warm.
    if (!sameSources(this.baseline.overrides, previous) && sameSources(this.candidate.overrides, previous)) {
      [this.baseline, this.candidate] = [this.candidate, this.baseline];
    }
    replace(this.baseline.overrides, previous);
    replace(this.candidate.overrides, new Map(files.flatMap((file) => laid(compilerPath(file.path), file.source))));
    const baseline = programOf(this.baseline);
    const candidate = programOf(this.candidate);
    const changed = files.map((file) => compilerPath(file.path));
    // Importers are checked only when what they can see of a changed file changed.
    const surfaceKept = changed.every((file) => {
      const before = exportSurface(this.ts, baseline, file);
      return before !== null && before === exportSurface(this.ts, candidate, file);
    });
    const affected = surfaceKept ? changed : this.graph.affectedBy(changed, baseline, this.setup.options);
    const after = [...this.globalErrors(candidate), ...affected.flatMap((file) => this.errorsOf(candidate, file))];
    // The baseline is checked only where the candidate has errors: a clean change costs one check.
    const erring = new Set(after.map((diagnostic) => diagnostic.file));
    const before = new Multiset(
      [...this.globalErrors(baseline), ...affected.filter((file) => erring.has(file)).flatMap((file) => this.errorsOf(baseline, file))].map(keyOf),
    );
    const errors: RawDiagnostic[] = [];
    let preExisting = 0;
    for (const diagnostic of after) {
      const { lineText: _lineText, ...raw } = diagnostic;
      if (before.take(keyOf(diagnostic))) preExisting += 1;
      else errors.push(raw);
    }
    return {
      errors,
      preExisting,
      filesChecked: affected.length,
      tsconfig: this.setup.tsconfig,
      ms: Math.round((performance.now() - started) * 100) / 100,
    };
  }

  /**
   * Re-reads tsconfig and the file list when the tsconfig or a source folder changed (a file
   * added or removed changes its folder's time); globbing the workspace on every check would cost
   * more than the check of a small change.
   */
  private refreshSetup(): void {
    if (setupStamp(this.root, this.setup) === this.setupStamp) return;
    this.setup = readCompilerSetup(this.ts, this.root, this.nodeTypes);
    this.setupStamp = setupStamp(this.root, this.setup);
  }

  private diskVersion(file: string): string {
    let version = this.versions.get(file);
    if (version === undefined) {
      version = diskVersion(file);
      this.versions.set(file, version);
    }
    return version;
  }

  private side(registry: ts.DocumentRegistry): Side {
    const overrides = new Map<string, Override>();
    return { service: this.ts.createLanguageService(this.host(overrides), registry), overrides };
  }

  private host(overrides: ReadonlyMap<string, Override>): ts.LanguageServiceHost {
    const { ts: typescript, root } = this;
    // The compiler asks with the absolute, forward-slashed names it was given: no normalising here.
    const override = (file: string) => overrides.get(file);
    const text = (file: string): string | undefined => override(file)?.source ?? virtualFile(root, file) ?? typescript.sys.readFile(file);
    return {
      getCompilationSettings: () => this.setup.options,
      getScriptFileNames: () => {
        const names = [...this.setup.rootNames];
        for (const file of overrides.keys()) if (!names.includes(file)) names.push(file);
        return names;
      },
      getScriptVersion: (file) => override(file)?.version ?? this.diskVersion(file),
      getScriptSnapshot: (file) => {
        const content = text(file);
        return content === undefined ? undefined : typescript.ScriptSnapshot.fromString(content);
      },
      getCurrentDirectory: () => root,
      getDefaultLibFileName: (options) => typescript.getDefaultLibFilePath(options),
      fileExists: (file) => override(file) !== undefined || virtualFile(root, file) !== undefined || typescript.sys.fileExists(file),
      readFile: text,
      readDirectory: (...args) => typescript.sys.readDirectory(...args),
      directoryExists: (dir) => typescript.sys.directoryExists(dir),
      getDirectories: (dir) => typescript.sys.getDirectories(dir),
      realpath: (file) => (typescript.sys.realpath === undefined ? file : typescript.sys.realpath(file)),
      useCaseSensitiveFileNames: () => typescript.sys.useCaseSensitiveFileNames,
    };
  }

  /** Syntax and type errors of one file, read from the program (each service call would re-sync the host). */
  private errorsOf(program: ts.Program, file: string): Located[] {
    const source = program.getSourceFile(file);
    if (source === undefined) return [];
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
      .filter((diagnostic) => diagnostic.category === this.ts.DiagnosticCategory.Error)
      .map((diagnostic) => this.raw(diagnostic));
  }

  private globalErrors(program: ts.Program): Located[] {
    return [...this.setup.configErrors, ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
      .filter((diagnostic) => diagnostic.category === this.ts.DiagnosticCategory.Error)
      .map((diagnostic) => this.raw(diagnostic));
  }

  private raw(diagnostic: ts.Diagnostic): Located {
    const message = this.ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').replace(/\s+/g, ' ').trim();
    if (diagnostic.file === undefined || diagnostic.start === undefined) {
      return { file: null, line: 0, column: 0, code: diagnostic.code, message, lineText: '' };
    }
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const lineText = diagnostic.file.text.split('\n', line + 1)[line]?.trim() ?? '';
    return { file: diagnostic.file.fileName, line: line + 1, column: character + 1, code: diagnostic.code, message, lineText };
  }
}

interface Override {
  readonly source: string;
  readonly version: string;
}

function setupStamp(root: string, setup: CompilerSetup): string {
  const folders = new Set([root, ...setup.rootNames.map((file) => file.slice(0, file.lastIndexOf('/')))]);
  return [`${root}/tsconfig.json`, ...folders].map(diskVersion).join('|');
}

function programOf(side: Side): ts.Program {
  const program = side.service.getProgram();
  if (program === undefined) throw new Error('The TypeScript program could not be built.');
  return program;
}

function sameSources(a: ReadonlyMap<string, Override>, b: ReadonlyMap<string, Override>): boolean {
  return a.size === b.size && [...a].every(([file, { version }]) => b.get(file)?.version === version);
}

function replace(target: Map<string, Override>, entries: ReadonlyMap<string, Override>): void {
  target.clear();
  for (const [file, entry] of entries) target.set(file, entry);
}

/** Versioned by content, so checking the same text again reuses the program. */
function override(source: string): Override {
  return { source, version: `memory:${createHash('sha1').update(source).digest('hex')}` };
}

/** A diagnostic with the text of its line, which identifies it across a change that moves lines. */
type Located = RawDiagnostic & { readonly lineText: string };

/** The same error before and after a change: same file, code, message and line text. */
function keyOf(diagnostic: Located): string {
  return `${diagnostic.file ?? ''}\u0000${diagnostic.code}\u0000${diagnostic.message}\u0000${diagnostic.lineText}`;
}

function diskVersion(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return 'missing';
  }
}

class Multiset {
  private readonly counts = new Map<string, number>();

  constructor(keys: readonly string[] = []) {
    for (const key of keys) this.add(key);
  }

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Removes one `key`; false when there was none. */
  take(key: string): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count === 0) return false;
    this.counts.set(key, count - 1);
    return true;
  }
}
