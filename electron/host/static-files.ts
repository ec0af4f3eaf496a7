import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sendText, setSecurityHeaders } from './http-responses';

export const NOT_BUILT_MESSAGE = 'Panel not built: run `npm run build`';
const INDEX_FILE = 'index.html';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Serves the built renderer. Only GET and HEAD; a path that does not decode, leaves the folder
 * (also by symlink) or names anything but a regular file is a 404.
 */
export async function serveStatic(request: IncomingMessage, response: ServerResponse, rendererDir: string): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendText(response, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    return;
  }
  const root = await realpathOrNull(rendererDir);
  if (root === null || !(await isFile(path.join(root, INDEX_FILE)))) {
    sendText(response, 503, NOT_BUILT_MESSAGE);
    return;
  }
  const file = await resolveInside(root, request.url ?? '/');
  if (file === null) {
    sendText(response, 404, 'Not found.');
    return;
  }
  const info = await stat(file);
  setSecurityHeaders(response);
  response.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Content-Length': info.size,
    'Cache-Control': path.relative(root, file) === INDEX_FILE ? 'no-store' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  await pipeline(createReadStream(file), response);
}

/** The real path of the regular file `requestUrl` names inside `root`, or null. */
export async function resolveInside(root: string, requestUrl: string): Promise<string | null> {
  const rawPath = requestUrl.split('?', 1)[0] ?? '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || !decoded.startsWith('/')) return null;
  const relative = decoded === '/' ? INDEX_FILE : path.normalize(`.${decoded}`);
  const candidate = path.resolve(root, relative);
  if (!isInside(root, candidate)) return null;
  const real = await realpathOrNull(candidate);
  if (real === null || !isInside(root, real) || !(await isFile(real))) return null;
  return real;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

async function realpathOrNull(file: string): Promise<string | null> {
  try {
    return await realpath(file);
  } catch {
    return null;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
