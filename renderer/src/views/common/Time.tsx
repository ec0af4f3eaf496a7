import { useEffect, useState } from 'react';
import { formatRelative, formatTime } from './format';

const listeners = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | null = null;

/** The current time, refreshed every second for every mounted clock at once (one timer). */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    listeners.add(setNow);
    timer ??= setInterval(() => {
      const tick = Date.now();
      for (const listener of listeners) listener(tick);
    }, 1000);
    return () => {
      listeners.delete(setNow);
      if (listeners.size === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    };
  }, []);
  return now;
}

/** A moment as people read it ("5 min ago"), the exact date and time on hover and for assistive tech. */
export function Time({ ms, className }: { ms: number; className?: string }) {
  const now = useNow();
  const exact = formatTime(ms);
  return (
    <time className={className} dateTime={new Date(ms).toISOString()} title={exact}>
      {formatRelative(ms, now)}
    </time>
  );
}
