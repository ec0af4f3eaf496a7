import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';

export const WINDOW_STATE_FILE = 'window-state.json';

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  /** Absent on first start: the window is centred on the primary display. */
  readonly bounds?: Rectangle;
  readonly maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;

const rectangle = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() });
const stateSchema = z.object({ bounds: rectangle.optional(), maximized: z.boolean() });

/**
 * The window's last bounds, kept only if they are still on a display (a monitor unplugged
 * since would put the window out of reach); the size is clamped to the minimum and the display.
 */
export function restoreWindowState(file: string, displays: readonly Rectangle[]): WindowState {
  const stored: z.infer<typeof stateSchema> = readJsonFile(file, stateSchema, { maximized: false });
  if (stored.bounds === undefined) return { maximized: stored.maximized };
  const bounds = stored.bounds;
  const display = displays.find((area) => overlap(area, bounds) >= Math.min(100 * 100, bounds.width * bounds.height / 4));
  if (display === undefined) return { maximized: stored.maximized };
  const width = clamp(bounds.width, MIN_SIZE.width, display.width);
  const height = clamp(bounds.height, MIN_SIZE.height, display.height);
  return {
    bounds: {
      width,
      height,
      x: clamp(bounds.x, display.x, display.x + display.width - width),
      y: clamp(bounds.y, display.y, display.y + display.height - height),
    },
    maximized: stored.maximized,
  };
}

export function saveWindowState(file: string, state: WindowState): void {
  writeJsonFile(file, state);
}

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, Math.max(low, high)));
}
