import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { isModuleIdShape, type ModuleId } from '../../shared/ids';
import { findEntryFiles } from './entry-points';
import { matchSuffix } from './module-id-suffix';
import { MANIFEST_FILE, readProjectSettings, TSCONFIG_FILE, type ProjectSettings } from './project-settings';
import { isSmokeTest, listSourceFiles, SOURCE_EXTENSIONS, sourceExtensionOf } from './source-files';
import { isFile, isDirectory } from './file-kind';

/** The flat layout of the bundled demo and of early workspaces: every module in `modules/`. */
export const MODULES_DIR = 'modules';
export const MAX_MODULE_BYTES = 2 * 1024 * 1024;

/**
 * A workspace is a project folder: any folder with a `package.json` and/or a `tsconfig.json`
 * (a folder with only a `modules/` folder is the early flat layout). Module ids are paths
 * relative to the source root without extension (`tools/echo`, `services/user.service`); the
 * source root is tsconfig `rootDir`, else `src/`, else the folder itself. Every path the app
 * touches goes through here, so nothing outside the workspace can be named.
 */
export class Workspace {
  readonly root: string;
  /** Where module ids start: tsconfig rootDir, else src/, else the root. */
  readonly sourceRoot: string;
  readonly settings: ProjectSettings;
  /** Modules met through imports outside the usual listing (JSON data, files beside the source root). */
  private readonly discovered = new Map<ModuleId, string>();
  private readonly skippedFolders: ReadonlySet<string>;

  private constructor(root: string, settings: ProjectSettings) {
    this.root = root;
    this.settings = settings;
    this.sourceRoot = sourceRootOf(root, settings);
    const outDir = settings.compilerOptions.outDir;
    const skipped = new Set<string>();
    if (typeof outDir === 'string') skipped.add(path.resolve(path.dirname(settings.tsconfig?.path ?? root), outDir));
    this.skippedFolders = skipped;
  }

  static open(dir: string): Workspace {
    const resolved = path.resolve(dir);
    const isProject = [MANIFEST_FILE, TSCONFIG_FILE, MODULES_DIR].some((name) => existsSync(path.join(resolved, name)));
    if (!isProject) {
      throw new AppError('WORKSPACE_NOT_FOUND', `No workspace at ${resolved} (it has no ${MANIFEST_FILE} or ${TSCONFIG_FILE}).`, {
        hint: 'Open your project folder, or create one with `npm run cli -- init DIR`.',
      });
    }
    const root = realpathSync.native(resolved);
    return new Workspace(root, readProjectSettings(root));
  }

  /** The source root; the name older callers know it by. */
  get modulesDir(): string {
    return this.sourceRoot;
  }

  /** `"type": "module"` in the project's package.json. */
  get isEsmPackage(): boolean {
    return this.settings.manifest?.type === 'module';
  }

  /**
   * Ids of every module file under the source root (tests, declarations and smoke tests left
   * out), and of the files modules imported beyond it (JSON data, files beside the source root).
   */
  listModuleIds(): ModuleId[] {
    const ids = new Set<ModuleId>();
    for (const file of listSourceFiles(this.sourceRoot, this.skippedFolders)) {
      const id = this.idOfFile(file);
      if (id !== null) ids.add(id);
    }
    for (const [id, file] of this.discovered) if (isFile(file)) ids.add(id);
    return [...ids].sort();
  }

  /** The module id of a file inside the workspace (relative to the source root when inside it). */
  idOfFile(file: string): ModuleId | null {
    const base = isInside(this.sourceRoot, file) ? this.sourceRoot : this.root;
    if (!isInside(base, file)) return null;
    const ext = sourceExtensionOf(file);
    const relative = path.relative(base, file).split(path.sep).join('/');
    const id = ext === null ? relative : relative.slice(0, -ext.length);
    if (!isModuleIdShape(id)) return null;
    this.discovered.set(id, file);
    return id;
  }

  /**
   * Turns what a person typed into a module id: an exact id, or any unique suffix of one
   * (`knowledge_engine` for `agent/knowledge_engine`). Refuses paths out of the workspace and
   * ambiguous suffixes (listing the candidates). An unknown id comes back as it is, so the caller
   * can say it does not exist.
   */
  parseModuleId(value: string): ModuleId {
    const typed = value.trim().replace(/\\/g, '/');
    if (path.isAbsolute(typed) || typed.split('/').includes('..') || typed === '.') {
      throw new AppError('OUTSIDE_WORKSPACE', `"${value}" names a path outside the workspace, not a module id.`, {
        hint: 'Give a module id such as knowledge_engine or tools/echo (a path under the source root, no extension).',
      });
    }
    const ext = sourceExtensionOf(typed);
    const wanted = ext !== null && this.fileFor(typed.slice(0, -ext.length)) !== null ? typed.slice(0, -ext.length) : typed;
    if (!isModuleIdShape(wanted)) {
      throw new AppError('INVALID_ID', `"${value}" is not a valid module id.`, {
        hint: 'Module ids are paths such as tools/echo: letters, digits, _ - . @ $ and /, no extension.',
      });
    }
    if (this.fileFor(wanted) !== null) return wanted;
    return matchSuffix(wanted, [...this.listModuleIds(), ...this.discovered.keys()]) ?? wanted;
  }

  /** Absolute path of a module's file, after checking that it exists and does not escape by symlink. */
  modulePath(id: ModuleId): string {
    const file = this.fileFor(id);
    if (file === null) {
      throw new AppError('MODULE_NOT_FOUND', `No module "${id}" in this workspace.`, {
        hint: 'List modules with /modules.',
      });
    }
    this.assertInside(file, id);
    return file;
  }

  /** The module's file, or where a module of that id would be written (`<id>.ts`). */
  pathFor(id: ModuleId): string {
    return this.fileFor(id) ?? path.join(this.sourceRoot, `${id}.ts`);
  }

  /** `x.smoke.ts` beside the module `x` (any source extension), or null. */
  smokeTestPath(id: ModuleId): string | null {
    const file = this.fileFor(id);
    if (file === null || file.endsWith('.json')) return null;
    const stem = file.slice(0, file.length - path.extname(file).length);
    for (const ext of SOURCE_EXTENSIONS) {
      const smoke = `${stem}.smoke${ext}`;
      if (existsSync(smoke) && isSmokeTest(smoke)) {
        this.assertInside(smoke, id);
        return smoke;
      }
    }
    return null;
  }

  /** Reads a module's source (from `file`, its checked modulePath when the caller has it), refusing huge and binary files with a clear reason. */
  readModuleSource(id: ModuleId, file = this.modulePath(id)): string {
    return readSourceFile(file, this.displayPath(file));
  }

  /** Where the agent starts (entry config, package.json main/exports, index), or null: load every module. */
  entryIds(): ModuleId[] | null {
    const files = findEntryFiles(this);
    if (files === null) return null;
    return files.map((file) => {
      const id = this.idOfFile(file);
      if (id === null) throw new AppError('CONFIG_ERROR', `Entry ${file} is outside the workspace.`);
      return id;
    });
  }

  /** A file as people see it in messages: relative to the source root, else to the workspace root. */
  displayPath(file: string): string {
    const base = isInside(this.sourceRoot, file) ? this.sourceRoot : this.root;
    return isInside(base, file) ? path.relative(base, file).split(path.sep).join('/') : file;
  }

  isInside(file: string): boolean {
    return isInside(this.root, file);
  }

  private fileFor(id: string): string | null {
    const known = this.discovered.get(id as ModuleId);
    if (known !== undefined && existsSync(known)) return known;
    for (const base of [this.sourceRoot, this.root]) {
      const stem = path.join(base, ...id.split('/'));
      if (!isInside(this.root, stem)) return null;
      if (id.endsWith('.json') && isFile(stem)) return stem;
      for (const ext of SOURCE_EXTENSIONS) if (isFile(stem + ext)) return stem + ext;
      if (base === this.root) break;
    }
    return null;
  }

  private assertInside(file: string, id: ModuleId): void {
    // The native call is one system call; the JS one reads every folder on the way (per module load).
    const real = realpathSync.native(file);
    if (!isInside(this.root, real)) {
      throw new AppError('OUTSIDE_WORKSPACE', `Module "${id}" links to ${real}, outside the workspace.`, {
        hint: 'Copy the file into the workspace instead of linking to it.',
      });
    }
  }
}

function sourceRootOf(root: string, settings: ProjectSettings): string {
  const rootDir = settings.compilerOptions.rootDir;
  if (typeof rootDir === 'string') return path.resolve(path.dirname(settings.tsconfig?.path ?? root), rootDir);
  if (isDirectory(path.join(root, 'src'))) return path.join(root, 'src');
  if (settings.manifest === null && settings.tsconfig === null && isDirectory(path.join(root, MODULES_DIR))) {
    return path.join(root, MODULES_DIR);
  }
  return root;
}

export function isInside(dir: string, file: string): boolean {
  // Most paths are the folder's own, already normal: no segment that is empty or starts with a dot.
  if (file.startsWith(dir) && file[dir.length] === path.sep && !file.includes(`${path.sep}.`, dir.length) && !file.includes(`${path.sep}${path.sep}`, dir.length)) return true;
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}



export function readSourceFile(file: string, label: string): string {
  const size = statSync(file).size;
  if (size > MAX_MODULE_BYTES) {
    throw new AppError('FILE_TOO_LARGE', `${label} is ${size} bytes; the limit is ${MAX_MODULE_BYTES}.`, {
      hint: 'Split it into smaller modules.',
    });
  }
  const bytes = readFileSync(file);
  if (bytes.includes(0)) {
    throw new AppError('BINARY_FILE', `${label} contains NUL bytes; it is not a TypeScript source file.`);
  }
  return bytes.toString('utf8');
}
