import path from 'node:path';
import log from 'electron-log/main';
import { sendControlLogTo } from '../base/control-log';

/** Rotates at 5 MB: the full file becomes main.old.log and a new one starts. */
const MAX_LOG_BYTES = 5 * 1024 * 1024;

/**
 * Main-process logs go to a rotating file in the user data folder (`logs/main.log`) as well as
 * the terminal; console.* and the control log (electron/base/control-log.ts) are routed there too.
 * Returns the logs folder (Help → Open Logs Folder).
 */
export function startLogging(userDataDir: string): string {
  const folder = path.join(userDataDir, 'logs');
  log.transports.file.resolvePathFn = () => path.join(folder, 'main.log');
  log.transports.file.maxSize = MAX_LOG_BYTES;
  log.errorHandler.startCatching({ showDialog: false });
  Object.assign(console, log.functions);
  // The control plane's own logger (engines, services) writes into the same file here.
  sendControlLogTo((level, scope, message, detail) => log[level](`[${scope}] ${message}`, ...(detail === undefined ? [] : [detail])));
  return folder;
}

export { log };
