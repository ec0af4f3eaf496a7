import path from 'node:path';
import log from 'electron-log/main';

/** Rotates at 5 MB: the full file becomes main.old.log and a new one starts. */
const MAX_LOG_BYTES = 5 * 1024 * 1024;

/**
 * Main-process logs go to a rotating file in the user data folder (`logs/main.log`) as well as
 * the terminal; console.* is routed there too, so every existing log line lands on disk.
 * Returns the logs folder (Help → Open Logs Folder).
 */
export function startLogging(userDataDir: string): string {
  const folder = path.join(userDataDir, 'logs');
  log.transports.file.resolvePathFn = () => path.join(folder, 'main.log');
  log.transports.file.maxSize = MAX_LOG_BYTES;
  log.errorHandler.startCatching({ showDialog: false });
  Object.assign(console, log.functions);
  return folder;
}

export { log };
