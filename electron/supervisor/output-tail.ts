import { createInterface } from 'node:readline';


const KEPT_LINES = 40;

/** The last lines an agent process printed (for its crash record), each also handed on as it comes. */
export class OutputTail {
  private readonly lines: string[] = [];

  follow(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
    if (stream === null) return;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      this.lines.push(line.length > 2000 ? `${line.slice(0, 2000)}…` : line);
      if (this.lines.length > KEPT_LINES) this.lines.shift();
      onLine(line);
    });
  }

  last(count = 20): string[] {
    return this.lines.slice(-count);
  }
}
