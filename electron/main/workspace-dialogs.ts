import { dialog, type BrowserWindow } from 'electron';
import { AppError, formatError, toErrorInfo } from '../../shared/errors';
import { canCreateWorkspaceAt } from '../app/workspace-folder';
import type { Closable, WorkspaceSession } from '../app/workspace-session';

/** The native folder picker; null when cancelled. */
export async function pickFolder(window: BrowserWindow | undefined, title: string): Promise<string | null> {
  const options = { title, properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
  const result = window === undefined ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(window, options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/**
 * Opens `dir` as the workspace from a menu, a drop or a second launch. A folder that is not a
 * workspace gets its one line and the offer to create one there from the demo; any other failure
 * is shown in one line (the previous workspace keeps serving).
 */
export async function openWorkspaceFromDesktop<T extends Closable>(session: WorkspaceSession<T>, dir: string, window: BrowserWindow | undefined): Promise<void> {
  try {
    await session.switchTo(dir);
  } catch (error) {
    if (error instanceof AppError && error.code === 'WORKSPACE_NOT_FOUND' && canCreateWorkspaceAt(dir)) {
      await offerDemoWorkspace(session, dir, error.message, window);
      return;
    }
    await showFailure(window, 'The workspace could not be opened', error);
  }
}

async function offerDemoWorkspace<T extends Closable>(session: WorkspaceSession<T>, dir: string, line: string, window: BrowserWindow | undefined): Promise<void> {
  const options = {
    type: 'question' as const,
    message: line,
    detail: 'Create a workspace there from the demo agent? Every file already in the folder is kept.',
    buttons: ['Create from Demo', 'Cancel'],
    defaultId: 0,
    cancelId: 1,
  };
  const answer = window === undefined ? await dialog.showMessageBox(options) : await dialog.showMessageBox(window, options);
  if (answer.response !== 0) return;
  try {
    await session.createFromDemoAndSwitch(dir);
  } catch (error) {
    await showFailure(window, 'The workspace could not be created', error);
  }
}

async function showFailure(window: BrowserWindow | undefined, title: string, error: unknown): Promise<void> {
  console.error(`[workspace] ${title}`, error);
  const options = { type: 'error' as const, message: title, detail: formatError(toErrorInfo(error)) };
  if (window === undefined) await dialog.showMessageBox(options);
  else await dialog.showMessageBox(window, options);
}
