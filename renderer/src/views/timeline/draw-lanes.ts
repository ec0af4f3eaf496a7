import type { LineChange } from '../../../../shared/contract/panel';
import type { VersionId } from '../../../../shared/ids';
import { chooseTicks, dayStarts, firstAtOrAfter, type Lane, type Mark, type MarkKind } from './lanes-model';

export const LABEL_WIDTH = 176;
export const AXIS_HEIGHT = 40;
export const LANE_HEIGHT = 36;

export interface View {
  readonly start: number;
  readonly end: number;
}

export interface Palette {
  readonly surface: string;
  readonly raised: string;
  readonly border: string;
  readonly text: string;
  readonly muted: string;
  readonly accent: string;
  readonly focus: string;
  readonly ok: string;
  readonly warn: string;
  readonly danger: string;
  readonly info: string;
  readonly neutral: string;
}

const VARIABLES: Readonly<Record<keyof Palette, string>> = {
  surface: '--surface',
  raised: '--surface-raised',
  border: '--border',
  text: '--text',
  muted: '--text-muted',
  accent: '--accent',
  focus: '--focus',
  ok: '--ok',
  warn: '--warn',
  danger: '--danger',
  info: '--info',
  neutral: '--neutral',
};

/** The theme's colours, read from the style tokens (so both themes come from one set of rules). */
export function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const entries = Object.entries(VARIABLES).map(([key, variable]) => [key, style.getPropertyValue(variable).trim() || '#888']);
  return Object.fromEntries(entries) as unknown as Palette;
}

export function xOf(t: number, view: View, width: number): number {
  return LABEL_WIDTH + ((t - view.start) / (view.end - view.start)) * (width - LABEL_WIDTH);
}

export function tOf(x: number, view: View, width: number): number {
  return view.start + ((x - LABEL_WIDTH) / Math.max(width - LABEL_WIDTH, 1)) * (view.end - view.start);
}

export interface DrawInput {
  readonly lanes: readonly Lane[];
  readonly view: View;
  readonly width: number;
  readonly height: number;
  readonly palette: Palette;
  readonly selectedId: VersionId | null;
  readonly now: number;
  /** Lines each version added and removed, written beside its mark where there is room. */
  readonly lineChanges?: ReadonlyMap<string, LineChange>;
}

/** A "+3 −1" label needs this much room before the next mark. */
const LINE_LABEL_ROOM = 64;

/**
 * Draws the lanes: day groups and ticks on a shared time axis, one lane per module, each version
 * a mark (shape and colour say its state), a rollback as one arc back to the version it
 * restored, and "live" and "stable" pinned. Only the marks in view are visited.
 */
export function drawLanes(context: CanvasRenderingContext2D, input: DrawInput): number {
  const { lanes, view, width, height, palette } = input;
  context.clearRect(0, 0, width, height);
  context.fillStyle = palette.surface;
  context.fillRect(0, 0, width, height);
  drawAxis(context, input);
  let drawn = 0;
  lanes.forEach((lane, index) => {
    const top = AXIS_HEIGHT + index * LANE_HEIGHT;
    if (top > height) return;
    context.strokeStyle = palette.border;
    context.beginPath();
    context.moveTo(0, top + LANE_HEIGHT - 0.5);
    context.lineTo(width, top + LANE_HEIGHT - 0.5);
    context.stroke();
    drawn += drawLane(context, input, lane, top + LANE_HEIGHT / 2);
    drawLabel(context, input, lane, top);
  });
  if (input.now >= view.start && input.now <= view.end) {
    const x = xOf(input.now, view, width);
    context.strokeStyle = palette.accent;
    context.setLineDash([3, 3]);
    context.beginPath();
    context.moveTo(x, AXIS_HEIGHT - 6);
    context.lineTo(x, height);
    context.stroke();
    context.setLineDash([]);
    context.fillStyle = palette.accent;
    context.font = '600 11px system-ui, sans-serif';
    context.fillText('now', x + 3, AXIS_HEIGHT - 8);
  }
  return drawn;
}

function drawAxis(context: CanvasRenderingContext2D, { view, width, height, palette }: DrawInput): void {
  const days = dayStarts(view.start - 86_400_000, view.end);
  context.font = '600 11px system-ui, sans-serif';
  days.forEach((day, index) => {
    const from = Math.max(LABEL_WIDTH, xOf(day, view, width));
    const next = days[index + 1] ?? view.end + 86_400_000;
    const to = Math.min(width, xOf(next, view, width));
    if (to <= LABEL_WIDTH) return;
    if (index % 2 === 1) {
      context.fillStyle = palette.raised;
      context.fillRect(from, 0, to - from, height);
    }
    context.fillStyle = palette.text;
    const label = new Date(Math.max(day, view.start)).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    context.fillText(label, from + 4, 13);
    if (day >= view.start) {
      context.strokeStyle = palette.muted;
      context.beginPath();
      context.moveTo(from + 0.5, 0);
      context.lineTo(from + 0.5, height);
      context.stroke();
    }
  });
  const { step, ticks } = chooseTicks(view.start, view.end, width - LABEL_WIDTH);
  context.font = '11px system-ui, sans-serif';
  for (const tick of ticks) {
    const x = xOf(tick, view, width);
    if (x < LABEL_WIDTH) continue;
    context.strokeStyle = palette.border;
    context.beginPath();
    context.moveTo(x + 0.5, AXIS_HEIGHT - 10);
    context.lineTo(x + 0.5, height);
    context.stroke();
    context.fillStyle = palette.muted;
    const time = new Date(tick).toLocaleTimeString('en-GB', step < 60_000 ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
    context.fillText(time, x + 3, AXIS_HEIGHT - 12);
  }
  context.strokeStyle = palette.border;
  context.beginPath();
  context.moveTo(0, AXIS_HEIGHT - 0.5);
  context.lineTo(width, AXIS_HEIGHT - 0.5);
  context.stroke();
}

function drawLane(context: CanvasRenderingContext2D, input: DrawInput, lane: Lane, y: number): number {
  const { view, width, palette } = input;
  const margin = (view.end - view.start) * 0.02;
  let index = firstAtOrAfter(lane.marks, view.start - margin);
  let lastX = -Infinity;
  let drawn = 0;
  context.save();
  context.beginPath();
  context.rect(LABEL_WIDTH, y - LANE_HEIGHT / 2, width - LABEL_WIDTH, LANE_HEIGHT);
  context.clip();
  for (; index < lane.marks.length; index += 1) {
    const mark = lane.marks[index] as Mark;
    if (mark.t > view.end + margin) break;
    const x = xOf(mark.t, view, width);
    const pinned = mark.version.versionId === lane.liveId || mark.version.versionId === lane.stableId || mark.version.versionId === input.selectedId;
    // Dense history: marks closer than a pixel collapse into one, but failures and pins always show.
    if (x - lastX < 1 && !pinned && mark.kind !== 'failed' && mark.kind !== 'restored') continue;
    lastX = x;
    if (mark.arcTo !== null) drawArc(context, x, xOf(mark.arcTo, view, width), y, palette.info);
    drawMark(context, mark.kind, x, y, palette);
    drawn += 1;
    const next = lane.marks[index + 1];
    const lines = input.lineChanges?.get(mark.version.versionId);
    if (lines !== undefined && (next === undefined || xOf(next.t, view, width) - x > LINE_LABEL_ROOM)) drawLineChange(context, lines, x, y, palette);
    if (mark.version.versionId === lane.stableId) drawFlag(context, x, y, palette.ok, 'stable', 'below');
    if (mark.version.versionId === lane.liveId) {
      context.strokeStyle = palette.accent;
      context.lineWidth = 2;
      context.beginPath();
      context.arc(x, y, 8, 0, Math.PI * 2);
      context.stroke();
      context.lineWidth = 1;
      drawFlag(context, x, y, palette.accent, 'live', 'above');
    }
    if (mark.version.versionId === input.selectedId) {
      context.strokeStyle = palette.focus;
      context.lineWidth = 2;
      context.strokeRect(x - 10.5, y - 10.5, 21, 21);
      context.lineWidth = 1;
    }
  }
  context.restore();
  return drawn;
}

const MARK_COLOUR: Readonly<Record<MarkKind, keyof Palette>> = {
  stable: 'ok',
  probation: 'warn',
  candidate: 'accent',
  failed: 'danger',
  restored: 'info',
  checkpoint: 'neutral',
};

/** Stable ●, on probation ○ (amber), applied ○, failed ✕, restored ◆, checkpoint ■. */
export function drawMark(context: CanvasRenderingContext2D, kind: MarkKind, x: number, y: number, palette: Palette): void {
  const colour = palette[MARK_COLOUR[kind]];
  context.fillStyle = colour;
  context.strokeStyle = colour;
  context.lineWidth = 2;
  context.beginPath();
  switch (kind) {
    case 'stable':
      context.arc(x, y, 5, 0, Math.PI * 2);
      context.fill();
      break;
    case 'probation':
    case 'candidate':
      context.arc(x, y, 4.5, 0, Math.PI * 2);
      context.stroke();
      break;
    case 'failed':
      context.moveTo(x - 4.5, y - 4.5);
      context.lineTo(x + 4.5, y + 4.5);
      context.moveTo(x + 4.5, y - 4.5);
      context.lineTo(x - 4.5, y + 4.5);
      context.stroke();
      break;
    case 'restored':
      context.moveTo(x, y - 6);
      context.lineTo(x + 6, y);
      context.lineTo(x, y + 6);
      context.lineTo(x - 6, y);
      context.closePath();
      context.fill();
      break;
    case 'checkpoint':
      context.rect(x - 3.5, y - 3.5, 7, 7);
      context.fill();
      break;
  }
  context.lineWidth = 1;
}

/** A rollback: one arc from the restored entry back to the version it restored. */
function drawArc(context: CanvasRenderingContext2D, from: number, to: number, y: number, colour: string): void {
  const lift = Math.min(LANE_HEIGHT / 2 - 2, 6 + Math.abs(from - to) / 12);
  context.strokeStyle = colour;
  context.lineWidth = 1.5;
  context.beginPath();
  context.moveTo(from, y - 4);
  context.quadraticCurveTo((from + to) / 2, y - lift * 2, to, y - 4);
  context.stroke();
  context.beginPath();
  context.moveTo(to, y - 4);
  context.lineTo(to + (from > to ? 5 : -5), y - 8);
  context.lineTo(to + (from > to ? 6 : -6), y - 2);
  context.closePath();
  context.fillStyle = colour;
  context.fill();
  context.lineWidth = 1;
}

function drawLineChange(context: CanvasRenderingContext2D, lines: LineChange, x: number, y: number, palette: Palette): void {
  context.font = '10px system-ui, sans-serif';
  const added = `+${lines.added}`;
  context.fillStyle = palette.ok;
  context.fillText(added, x + 10, y + 4);
  context.fillStyle = palette.danger;
  context.fillText(`−${lines.removed}`, x + 13 + context.measureText(added).width, y + 4);
}

function drawFlag(context: CanvasRenderingContext2D, x: number, y: number, colour: string, text: string, where: 'above' | 'below'): void {
  context.fillStyle = colour;
  context.font = '600 10px system-ui, sans-serif';
  context.fillText(text, x + 9, where === 'above' ? y - 7 : y + 13);
}

function drawLabel(context: CanvasRenderingContext2D, { palette, lanes }: DrawInput, lane: Lane, top: number): void {
  context.fillStyle = palette.surface;
  context.fillRect(0, top, LABEL_WIDTH - 1, LANE_HEIGHT - 1);
  context.fillStyle = palette.text;
  context.font = '600 12px ui-monospace, monospace';
  context.fillText(truncate(context, lane.module, LABEL_WIDTH - 16), 8, top + 15);
  context.fillStyle = palette.muted;
  context.font = '11px system-ui, sans-serif';
  const count = lane.marks.length;
  context.fillText(`${count.toLocaleString('en')} ${count === 1 ? 'version' : 'versions'}${lanes.length > 0 && lane.liveId === null ? ' · not recorded' : ''}`, 8, top + 29);
}

function truncate(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && context.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
