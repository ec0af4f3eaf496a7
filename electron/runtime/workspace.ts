import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { isModuleIdShape, type ModuleId } from '../../shared/ids';

export const MODULES_DIR = 'modules';
export const MAX_MODULE_BYTES = 2 * 1024 * 1024;
const SMOKE_SUFFIX = '.smoke.ts';

/**
 * A workspace is a folder with a `modules/` directory of TypeScript files. Every path the app
 * touches goes through here, so nothing outside the workspace can be named.
 */
export class Workspace {
  readonly root: string;
  readonly modulesDir: string;

  private constructor(root: string) {
    this.root = root;
    this.modulesDir = path.join(root, MODULES_DIR);
  }

  static open(dir: string): Workspace {
    const resolved = path.resolve(dir);
    if (!existsSync(path.join(resolved, MODULES_DIR))) {
      throw new AppError('WORKSPACE_NOT_FOUND', `No workspace at ${resolved} (it has no ${MODULES_DIR}/ folder).`, {
        hint: 'Create one with `npm run cli -- init DIR`.',
      });
    }
    return new Workspace(realpathSync(resolved));
  }

  /** Module ids: stems of `modules/*.ts`, leaving out smoke tests and declaration files. */
  listModuleIds(): ModuleId[] {
    return readdirSync(this.modulesDir)
      .filter((name) => name.endsWith('.ts') && !name.endsWith(SMOKE_SUFFIX) && !name.endsWith('.d.ts'))
      .map((name) => name.slice(0, -'.ts'.length))
      .filter(isModuleIdShape)
      .sort();
  }

  /** Validates a user-given id and returns it branded; refuses anything path-like. */
  parseModuleId(value: string): ModuleId {
    if (isModuleIdShape(value)) return value;
    if (value.includes('..') || value.includes('/') || value.includes('\\') || path.isAbsolute(value)) {
      throw new AppError('OUTSIDE_WORKSPACE', `"${value}" names a path outside the workspace, not a module id.`, {
        hint: 'Give a module id such as knowledge_engine (the file stem under modules/).',
      });
    }
    throw new AppError('INVALID_ID', `"${value}" is not a valid module id.`, {
      hint: 'Module ids are letters, digits, _ and -, starting with a letter or _.',
    });
  }

  /** Absolute path of a module's file, after checking that it exists and does not escape by symlink. */
  modulePath(id: ModuleId): string {
    const file = path.join(this.modulesDir, `${id}.ts`);
    if (!existsSync(file)) {
      throw new AppError('MODULE_NOT_FOUND', `No module "${id}" in this workspace.`, {
        hint: 'List modules with /modules.',
      });
    }
    this.assertInside(file, id);
    return file;
  }

  smokeTestPath(id: ModuleId): string | null {
    const file = path.join(this.modulesDir, `${id}${SMOKE_SUFFIX}`);
    if (!existsSync(file)) return null;
    this.assertInside(file, id);
    return file;
  }

  /** Reads a module's source, refusing huge and binary files with a clear reason. */
  readModuleSource(id: ModuleId): string {
    return readSourceFile(this.modulePath(id), id);
  }

  private assertInside(file: string, id: ModuleId): void {
    const real = realpathSync(file);
    if (path.dirname(real) !== realpathSync(this.modulesDir)) {
      throw new AppError('OUTSIDE_WORKSPACE', `Module "${id}" links to ${real}, outside the workspace.`, {
        hint: 'Copy the file into modules/ instead of linking to it.',
      });
    }
  }
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
