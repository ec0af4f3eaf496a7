import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { VersionInfo } from '../../../../shared/history';
import { useAppStore } from '../../store/app-store-context';
import { plural } from '../common/format';
import { AXIS_HEIGHT, drawLanes, LABEL_WIDTH, LANE_HEIGHT, readPalette, tOf, xOf, type Palette, type View } from './draw-lanes';
import { buildLanes, firstAtOrAfter, fullRange, type Lane, type LaneFilter, type Mark } from './lanes-model';
import { describeMark, LanesLegend, MarkTooltip } from './LanesParts';

const ZOOM_STEP = 1.6;
const MIN_SPAN_MS = 2_000;
/** More marks in view than this leave no room for labels: their counts are not asked for. */
const MAX_COUNTED_MARKS = 400;

/**
 * The visual timeline: one lane per module on a shared, zoomable time axis with date groups;
 * marks whose shape and colour say the state; "live" and "stable" pinned per lane; a rollback
 * drawn as one arc back to what it restored. Drawn on a canvas (only what is in view), with
 * keyboard navigation and a live description; the list below is the accessible alternative.
 */
export function LanesView() {
  const versions = useAppStore((state) => state.timeline.versions);
  const modules = useAppStore((state) => state.modules.list);
  const module = useAppStore((state) => state.modules.selectedId);
  const selectedId = useAppStore((state) => state.timeline.selectedId);
  const selectVersion = useAppStore((state) => state.selectVersion);
  const proposals = useAppStore((state) => state.proposals.list);
  const theme = useAppStore((state) => state.ui.theme);
  const olderFrom = useAppStore((state) => state.timeline.olderFrom);
  const loadOlderVersions = useAppStore((state) => state.loadOlderVersions);
  const filter = useAppStore((state) => state.timeline.filter);
  const lineChanges = useAppStore((state) => state.timeline.lineChanges);
  const features = useMemo(() => new Map(proposals.map((proposal) => [proposal.id as string, proposal.feature])), [proposals]);
  const lanes = useMemo(() => {
    const laneFilter: LaneFilter = { ...filter, module };
    return buildLanes(versions, modules, laneFilter, features, Date.now());
  }, [versions, modules, filter, module, features]);
  const shown = lanes.reduce((sum, lane) => sum + lane.marks.length, 0);
  const [view, setView] = useState<View | null>(null);
  const [hover, setHover] = useState<{ mark: Mark; lane: Lane; x: number; y: number } | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(800);
  const height = AXIS_HEIGHT + lanes.length * LANE_HEIGHT + 4;
  const fitted = useMemo(() => fullRange(lanes, Date.now()), [lanes]);
  const current = view ?? fitted;
  // Zoomed or scrolled back past the oldest version loaded: the next older page is asked for.
  const oldestLoaded = versions.at(-1)?.createdAt ?? null;
  useEffect(() => {
    if (olderFrom !== null && view !== null && oldestLoaded !== null && view.start < oldestLoaded) void loadOlderVersions();
  }, [olderFrom, view, oldestLoaded, loadOlderVersions]);

  useEffect(() => {
    const element = wrapper.current;
    if (element === null || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(320, Math.floor(entry?.contentRect.width ?? 800))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Line counts for the marks in view, when few enough to be labelled (a dense view shows none).
  const wantLineChanges = useAppStore((state) => state.wantLineChanges);
  useEffect(() => {
    const ids: string[] = [];
    for (const lane of lanes) {
      for (let index = firstAtOrAfter(lane.marks, current.start); index < lane.marks.length; index += 1) {
        const mark = lane.marks[index] as Mark;
        if (mark.t > current.end) break;
        ids.push(mark.version.versionId);
        if (ids.length > MAX_COUNTED_MARKS) return;
      }
    }
    wantLineChanges(ids);
  }, [lanes, current.start, current.end, wantLineChanges]);

  // The theme's colours, read once the new theme is on the document (after every layout effect).
  const [palette, setPalette] = useState<Palette | null>(null);
  useEffect(() => {
    if (canvas.current !== null) setPalette(readPalette(canvas.current));
  }, [theme]);

  // Drawn before the browser paints, so a zoom or a scroll costs exactly one draw in its frame.
  useLayoutEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (element === null || element === undefined || context === null || context === undefined) return;
    const ratio = window.devicePixelRatio || 1;
    element.width = width * ratio;
    element.height = height * ratio;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    // Each draw is measured, so its cost can be read (performance.getEntriesByName('lanes-draw')).
    const started = performance.now();
    drawLanes(context, { lanes, view: current, width, height, palette: palette ?? readPalette(element), selectedId, now: Date.now(), lineChanges });
    performance.measure('lanes-draw', { start: started, end: performance.now() });
  }, [lanes, current, width, height, selectedId, palette, lineChanges]);

  const zoom = (factor: number, atX = LABEL_WIDTH + (width - LABEL_WIDTH) / 2) => {
    const pivot = tOf(atX, current, width);
    const span = Math.max(MIN_SPAN_MS, (current.end - current.start) * factor);
    const share = (pivot - current.start) / (current.end - current.start);
    setView({ start: pivot - span * share, end: pivot + span * (1 - share) });
  };
  const pan = (pixels: number) => {
    const shift = (pixels / Math.max(width - LABEL_WIDTH, 1)) * (current.end - current.start);
    setView({ start: current.start + shift, end: current.end + shift });
  };
  const markAt = (x: number, y: number): { mark: Mark; lane: Lane } | null => {
    const lane = lanes[Math.floor((y - AXIS_HEIGHT) / LANE_HEIGHT)];
    if (lane === undefined || x < LABEL_WIDTH) return null;
    const index = firstAtOrAfter(lane.marks, tOf(x - 8, current, width));
    let best: Mark | null = null;
    for (let at = index; at < lane.marks.length; at += 1) {
      const mark = lane.marks[at] as Mark;
      const distance = Math.abs(xOf(mark.t, current, width) - x);
      if (distance > 8) break;
      if (best === null || distance < Math.abs(xOf(best.t, current, width) - x)) best = mark;
    }
    return best === null ? null : { mark: best, lane };
  };
  const select = (version: VersionInfo) => {
    selectVersion(version.versionId);
    if (version.createdAt < current.start || version.createdAt > current.end) {
      const span = current.end - current.start;
      setView({ start: version.createdAt - span / 2, end: version.createdAt + span / 2 });
    }
  };
  // Wheel: zoom (Ctrl or vertical) around the pointer, or scroll in time (horizontal); the page does not scroll.
  const wheel = useRef<(event: WheelEvent) => void>(() => undefined);
  wheel.current = (event) => {
    event.preventDefault();
    if (event.ctrlKey || Math.abs(event.deltaY) > Math.abs(event.deltaX)) zoom(Math.exp(event.deltaY * 0.0015), event.offsetX);
    else pan(event.deltaX);
  };
  useEffect(() => {
    const element = wrapper.current;
    if (element === null) return undefined;
    const listener = (event: WheelEvent) => wheel.current(event);
    element.addEventListener('wheel', listener, { passive: false });
    return () => element.removeEventListener('wheel', listener);
  }, []);
  const selected = useMemo(() => {
    for (const [laneIndex, lane] of lanes.entries()) {
      const index = lane.marks.findIndex((mark) => mark.version.versionId === selectedId);
      if (index >= 0) return { laneIndex, index, mark: lane.marks[index] as Mark };
    }
    return null;
  }, [lanes, selectedId]);
  const step = (lanesBy: number, marksBy: number) => {
    const laneIndex = Math.min(lanes.length - 1, Math.max(0, (selected?.laneIndex ?? 0) + lanesBy));
    const lane = lanes[laneIndex];
    if (lane === undefined || lane.marks.length === 0) return;
    if (selected === null || lanesBy !== 0) {
      const t = selected?.mark.t ?? current.end;
      const near = Math.min(lane.marks.length - 1, firstAtOrAfter(lane.marks, t));
      select((lane.marks[near] as Mark).version);
      return;
    }
    const target = selected.index + marksBy;
    const next = lane.marks[Number.isFinite(target) ? Math.min(lane.marks.length - 1, Math.max(0, target)) : target > 0 ? lane.marks.length - 1 : 0];
    if (next !== undefined) select(next.version);
  };

  return (
    <section className="lanes" aria-labelledby="lanes-heading" data-testid="lanes">
      <header className="lanes__toolbar">
        <h2 id="lanes-heading" className="section-title">
          Lanes
        </h2>
        <span className="muted small" data-testid="lanes-count">
          {plural(shown, 'version')} in {plural(lanes.length, 'lane')}
        </span>
        {olderFrom !== null && (
          <span className="muted small" data-testid="lanes-older">
            older ones load as you zoom or scroll back
          </span>
        )}
        <span className="button-group lanes__zoom">
          <button type="button" className="button button--small" onClick={() => zoom(1 / ZOOM_STEP)}>
            Zoom in
          </button>
          <button type="button" className="button button--small" onClick={() => zoom(ZOOM_STEP)}>
            Zoom out
          </button>
          <button type="button" className="button button--small" onClick={() => setView(null)} disabled={view === null}>
            Fit all
          </button>
        </span>
        <LanesLegend />
      </header>
      <div
        ref={wrapper}
        className="lanes__canvas"
        tabIndex={0}
        role="group"
        aria-label="Version lanes, one per module. Arrow keys move between versions and lanes, Home and End go to a lane's first and last, plus and minus zoom, 0 fits all."
        data-testid="lanes-canvas"
        onKeyDown={(event) => {
          const keys: Record<string, () => void> = {
            ArrowRight: () => step(0, 1),
            ArrowLeft: () => step(0, -1),
            ArrowDown: () => step(1, 0),
            ArrowUp: () => step(-1, 0),
            Home: () => step(0, -Infinity),
            End: () => step(0, Infinity),
            '+': () => zoom(1 / ZOOM_STEP),
            '=': () => zoom(1 / ZOOM_STEP),
            '-': () => zoom(ZOOM_STEP),
            '0': () => setView(null),
          };
          const action = keys[event.key];
          if (action !== undefined) {
            event.preventDefault();
            action();
          }
        }}
        onPointerMove={(event) => {
          const found = markAt(event.nativeEvent.offsetX, event.nativeEvent.offsetY);
          setHover(found === null ? null : { ...found, x: event.nativeEvent.offsetX, y: event.nativeEvent.offsetY });
          if (event.buttons === 1) pan(-event.movementX);
        }}
        onPointerLeave={() => setHover(null)}
        onClick={(event) => {
          const found = markAt(event.nativeEvent.offsetX, event.nativeEvent.offsetY);
          if (found !== null) select(found.mark.version);
        }}
      >
        <canvas ref={canvas} style={{ width, height }} aria-hidden="true" />
        {hover !== null && (
          <MarkTooltip mark={hover.mark} lane={hover.lane} x={hover.x} y={hover.y} width={width} features={features} lines={lineChanges.get(hover.mark.version.versionId)} />
        )}
      </div>
      <p className="visually-hidden" aria-live="polite" data-testid="lanes-selection">
        {selected === null ? '' : describeMark(selected.mark, lanes[selected.laneIndex] as Lane, features, lineChanges.get(selected.mark.version.versionId))}
      </p>
    </section>
  );
}
