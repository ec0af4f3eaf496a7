import { createRequire } from 'node:module';
import path from 'node:path';

/** The running bundle's file in the app; in tests (no bundle), a file at the checkout's root. */
export function appFile(): string {
  return typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
}

/** Resolves a package the app ships, as the bundle (or, in tests, the checkout) would. */
export function resolveFromApp(name: string): string {
  return createRequire(appFile()).resolve(name);
}
