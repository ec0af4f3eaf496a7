import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { BackgroundErrorKind } from '../../../shared/background-errors';
import type { ModuleId } from '../../../shared/ids';
import type { ModuleVersion } from '../module-version';
import { stackLocations } from '../source-mapper';
import type { Workspace } from '../workspace';
import type { BackgroundFault } from './background-errors';

export interface AttributionHost {
  readonly workspace: Workspace;
  current(id: ModuleId): ModuleVersion | undefined;
  describeError(error: unknown): { message: string; location: string | null; stack: string };
}

export interface AttributedError {
  readonly version: ModuleVersion;
  readonly kind: BackgroundErrorKind;
  readonly error: unknown;
  readonly message: string;
  /** `src/x.ts:12:5`, the first frame in a workspace module (source-mapped), or null. */
  readonly location: string | null;
  readonly stack: string;
}

/**
 * Which module version raised a background error: the version whose work was running, unless
 * the stack's first workspace frame is in another module (a callback handed across modules),
 * in which case that module's current version. Null: not this workspace's code.
 */
export function attributeBackgroundError(host: AttributionHost, fault: BackgroundFault): AttributedError | null {
  const { message, location, stack } = host.describeError(fault.error);
  const owned = fault.owner?.version;
  const ownedHere = owned !== undefined && host.workspace.isInside(owned.compiled.filename) ? owned : undefined;
  const framed = moduleOfStack(host.workspace, stack);
  let version: ModuleVersion | undefined = ownedHere;
  if (framed !== null && framed !== ownedHere?.id) version = host.current(framed) ?? ownedHere;
  if (version === undefined) return null;
  return { version, kind: fault.kind, error: fault.error, message, location, stack };
}

function moduleOfStack(workspace: Workspace, stack: string): ModuleId | null {
  for (const { file } of stackLocations(stack)) {
    const plain = file.startsWith('file://') ? fileURLToPath(file) : file;
    if (!workspace.isInside(plain) || plain.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const id = workspace.idOfFile(plain);
    if (id !== null) return id;
  }
  return null;
}
