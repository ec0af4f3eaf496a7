import type { ModuleId } from '../../shared/ids';
import type { Proposal, ProposalStatus } from '../../shared/proposals';
import { sha256 } from '../base/sha256';
import type { CommandContext } from './command';

/** What a suggestion is filled in from: the versions, the runtime's modules, the proposals. */
export type SuggestionContext = Pick<CommandContext, 'engine' | 'runtime' | 'proposals'>;

/** What a plain-language line asks for: the command that does it, filled in, and how to run it. */
export interface Suggestion {
  readonly understood: string;
  readonly command: string;
  readonly related: readonly string[];
  readonly explanation: string;
  readonly how: string;
}

interface Trigger {
  readonly pattern: RegExp;
  readonly suggest: (text: string, context: SuggestionContext) => Suggestion;
}

/**
 * Requests in plain language ("apply code changes live", "roll back the last change", "what
 * changed in knowledge_engine?") are answered with the matching command, its arguments filled in
 * from the workspace (latest approved proposal, last stable version…), and how to run it. Nothing
 * runs: the person sees the command and runs it. plain-language.ts decides when a line is one.
 */
const TRIGGERS: readonly Trigger[] = [
  { pattern: /\b(roll ?back|undo|revert)\b/, suggest: suggestRollback },
  { pattern: /\bwhat('s| has| did)?\s+(changed|change)\b|\b(changes?|diff)\s+(in|to|of|for)\b|\bshow (me )?the diff\b/, suggest: suggestWhatChanged },
  { pattern: /\b(apply|deploy|ship|install)\b/, suggest: suggestApply },
  { pattern: /\bapprove\b/, suggest: (_text, context) => proposalStep(context, 'approve') },
  { pattern: /\b(sandbox|test|try)\b.*\b(proposal|code|change)s?\b/, suggest: (_text, context) => proposalStep(context, 'sandbox') },
  { pattern: /\b(list|show)\b.*\bproposals?\b/, suggest: () => simple('list proposals', '/proposals', 'Lists code proposals, newest first.') },
  { pattern: /\b(propose|suggest|write|add)\b.*\b(code|feature|function|helper|change)\b/, suggest: suggestPropose },
];

export function suggestFor(line: string, context: SuggestionContext): Suggestion | null {
  const text = line.trim().toLowerCase().replace(/\s+/g, ' ');
  const trigger = TRIGGERS.find((candidate) => candidate.pattern.test(text));
  return trigger === undefined ? null : trigger.suggest(line.trim(), context);
}

export function formatSuggestion(suggestion: Suggestion): string {
  return [
    `→ ${suggestion.command}`,
    ...suggestion.related.map((command) => `  also: ${command}`),
    `  ${suggestion.explanation}`,
    `  How: ${suggestion.how}`,
  ].join('\n');
}

function suggestApply(_text: string, context: SuggestionContext): Suggestion {
  const approved = latest(context, ['approved']);
  if (approved === undefined) {
    const step = proposalStep(context, 'approve');
    return { ...step, explanation: `No approved proposal is waiting to be applied. ${step.explanation}` };
  }
  const target = approved.targets.map((suggestion) => suggestion.module).join(', ');
  return {
    understood: 'apply code changes live',
    command: `/apply-code ${approved.id}`,
    related: [],
    explanation: `Applies the latest approved proposal (“${firstLine(approved.feature)}”) to ${target} while the agent runs: checkpoint, write, hot reload, checks; rolled back automatically if anything fails.`,
    how: `Type the command; it asks for the module, the write mode and a confirmation. In a script: /apply-code ${approved.id} --module ${approved.targets[0]?.module ?? 'M'} --mode ${approved.mode} --yes`,
  };
}

function suggestRollback(text: string, context: SuggestionContext): Suggestion {
  const { engine } = context;
  const module = moduleIn(text, context) ?? engine.versions.history(null, 1)[0]?.module ?? null;
  if (module === null) return simple('roll back', '/rollback', 'Nothing has changed yet; this lists the rollback points.');
  const currentHash = sha256(context.runtime.workspace.readModuleSource(module));
  const target = engine.versions.lastStableOtherThan(module, currentHash);
  if (target === null) {
    return simple(`roll back ${module}`, `/history ${module}`, `${module} has no earlier stable version to go back to; this shows its history.`);
  }
  return {
    understood: `roll back the last change to ${module}`,
    command: `/rollback ${target.versionId}`,
    related: [`/diff ${target.versionId} current`],
    explanation: `Restores ${module}.ts to its last stable version before the current code (${target.versionId}, ${target.reason}); the current file is backed up first and the code reloads live.`,
    how: `Type the command and answer yes, or add --yes. See what would change with /diff ${target.versionId} current.`,
  };
}

function suggestWhatChanged(text: string, context: SuggestionContext): Suggestion {
  const { engine } = context;
  const module = moduleIn(text, context) ?? engine.versions.history(null, 1)[0]?.module ?? null;
  if (module === null) return simple('what changed', '/audit-code', 'Shows every reload attempt and version.');
  const currentHash = sha256(context.runtime.workspace.readModuleSource(module));
  // The code it had before: failed attempts never served, so they are not "before".
  const previous = engine.versions.lastServedOtherThan(module, currentHash) ?? undefined;
  return {
    understood: `what changed in ${module}`,
    command: `/audit-code ${module}`,
    related: previous === undefined ? [] : [`/diff ${previous.versionId} current`],
    explanation: `Shows ${module}'s reload attempts (outcome, hashes, errors) and versions${previous === undefined ? '' : `; the diff shows its code now against the version before (${previous.versionId})`}.`,
    how: 'Type the command.',
  };
}

function suggestPropose(text: string): Suggestion {
  const feature = text.replace(/"/g, "'");
  return {
    understood: 'propose a code change',
    command: `/propose-code "${feature}" --file change.ts`,
    related: [],
    explanation: 'Records a proposal from your code (or, without --file, asks the configured model to draft it), with a suggested target module.',
    how: 'Write the code in a file, then type the command; next /sandbox-code, /approve-code, /apply-code.',
  };
}

function proposalStep(context: SuggestionContext, step: 'approve' | 'sandbox'): Suggestion {
  const statuses: ProposalStatus[] = step === 'approve' ? ['sandbox_passed'] : ['draft', 'sandbox_failed'];
  const proposal = latest(context, statuses);
  if (proposal === undefined) {
    return suggestPropose('describe the change');
  }
  const command = step === 'approve' ? `/approve-code ${proposal.id}` : `/sandbox-code ${proposal.id}`;
  return {
    understood: step === 'approve' ? 'approve a proposal' : 'test a proposal',
    command,
    related: step === 'approve' ? [`/apply-code ${proposal.id}`] : [`/approve-code ${proposal.id}`],
    explanation:
      step === 'approve'
        ? `“${firstLine(proposal.feature)}” passed its sandbox; approving pins its code, then it can be applied.`
        : `Tests “${firstLine(proposal.feature)}” in a separate process on a copy of the workspace.`,
    how: 'Type the command.',
  };
}

function simple(understood: string, command: string, explanation: string): Suggestion {
  return { understood, command, related: [], explanation, how: 'Type the command.' };
}

function latest(context: SuggestionContext, statuses: readonly ProposalStatus[]): Proposal | undefined {
  return context.proposals.list().find((proposal) => statuses.includes(proposal.status));
}

/** A module id in the text, also written with spaces ("knowledge engine"). */
function moduleIn(text: string, context: SuggestionContext): ModuleId | null {
  const words = ` ${text.toLowerCase().replace(/[^a-z0-9_-]+/g, ' ')} `;
  return (
    context.runtime.moduleIds().find((id) => words.includes(` ${id.toLowerCase()} `) || words.includes(` ${id.toLowerCase().replace(/[_-]+/g, ' ')} `)) ??
    null
  );
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
