import { defineCommand, type SessionCommand } from '../command';

export function helpCommand(all: () => readonly SessionCommand[]): SessionCommand {
  return defineCommand<{ usage: string; summary: string }[]>({
    name: 'help',
    usage: '/help',
    summary: 'List the commands.',
    run: async () => all().map(({ usage, summary }) => ({ usage, summary })),
    format: (commands) => {
      const width = Math.max(...commands.map((command) => command.usage.length));
      return commands.map((command) => `${command.usage.padEnd(width)}  ${command.summary}`).join('\n');
    },
  });
}
