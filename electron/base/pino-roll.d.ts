// pino-roll ships no types; this is the part of its API the control log uses.
declare module 'pino-roll' {
  import type SonicBoom from 'sonic-boom';

  interface PinoRollOptions {
    readonly file: string;
    readonly size?: number | string;
    readonly frequency?: number | string;
    readonly extension?: string;
    readonly limit?: { readonly count: number };
    readonly mkdir?: boolean;
  }

  export default function roll(options: PinoRollOptions): Promise<SonicBoom>;
}
