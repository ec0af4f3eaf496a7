import { AppError } from '../../../shared/errors';
import { shortHash } from '../../../shared/ids';
import type { ApplyPreview, ApplyResult, WriteMode } from '../../../shared/proposals';
import { describeForecast, describeReruns } from '../../../shared/reload-reruns';
import { formatTypeDiagnostic } from '../../../shared/typecheck';
import { splitSections } from '../../proposals/sections';
import { defineCommand } from '../command';
import { optionalStringFlag } from './arguments';
import { resolveProposal } from './proposals';

const USAGE = '/apply-code [<id>] [--module M] [--mode append|replace] [--yes] [--allow-type-errors]';

/**
 * `/apply-code` asks what the original asked: the target module (the suggested one is the
 * default), the write mode (default: the proposal's, append unless it said otherwise), then shows
 * a short diff summary and asks to confirm. Flags answer the questions in scripts; `--yes`
 * also takes the defaults.
 */
export const applyCommand = defineCommand<ApplyResult>({
  name: 'apply-code',
  usage: USAGE,
  summary: 'Apply an approved proposal live: checkpoint, write, hot reload, checks; rolled back on failure.',
  booleanFlags: ['yes', 'allow-type-errors'],
  run: async (command, context) => {
    const { proposals, ask } = context;
    const proposal = resolveProposal(proposals, command.positionals[0], 'apply');
    const yes = command.flags['yes'] === true;
    const several = splitSections(proposal.code).filter((section) => section.module !== null).length > 1;
    const suggested = proposal.targets[0];
    let module = optionalStringFlag(command, 'module');
    if (module === undefined && !several && suggested !== undefined) {
      const why = suggested.detail === undefined ? suggested.reason : `${suggested.reason}: ${suggested.detail}`;
      module = yes ? suggested.module : await ask(`Target module for ${proposal.id}? (suggested: ${suggested.module} — ${why})`, { flag: '--module', default: suggested.module, choices: context.runtime.moduleIds() });
    }
    let mode = optionalStringFlag(command, 'mode');
    if (mode === undefined) mode = yes ? proposal.mode : await ask('Write mode (append/replace)?', { flag: '--mode', default: proposal.mode, choices: ['append', 'replace'] });
    const preview = proposals.preview(proposal.id, module, mode as WriteMode);
    if (!yes) {
      const answer = await ask(`${summary(preview)}\nApply ${proposal.id} now? (yes/no)`, { flag: '--yes', default: 'no', choices: ['yes', 'no'] });
      if (!/^y(es)?$/i.test(answer.trim())) throw new AppError('USAGE', 'Apply cancelled; nothing was changed.');
    }
    const allowTypeErrors = command.flags['allow-type-errors'] === true;
    const result = await proposals.apply(proposal.id, preview.module, preview.mode, preview.baseHash, { allowTypeErrors });
    if (result.outcome === 'refused' && result.error !== undefined) throw AppError.fromInfo(result.error);
    return result;
  },
  format: formatApplyResult,
});

/** Lines added and removed per file, and the warnings: what a person reads before saying yes. */
export function summary(preview: ApplyPreview): string {
  const files = preview.files ?? [];
  const lines = files.map((file) => `  ${file.module}.ts: +${file.added} −${file.removed} lines (${preview.mode})`);
  const reruns = describeForecast(preview.reruns ?? []);
  return [
    `Diff summary:`,
    ...lines,
    ...preview.warnings.map((warning) => `  ! ${warning}`),
    ...(reruns.length === 0 ? [] : ['What re-runs: the target module; its importers:', ...reruns.map((line) => `  ${line}`)]),
  ].join('\n');
}

export function formatApplyResult(result: ApplyResult): string {
  const steps = result.steps.map((step) => `${step.name} ${step.ok ? '✓' : '✗'} ${step.ms} ms${step.detail === undefined ? '' : ` (${step.detail})`}`);
  const modules = (result.modules ?? []).map((module) => module.module).join(', ') || result.module;
  if (result.outcome === 'applied') {
    const probation = (result.modules ?? []).some((module) => module.probationUntil !== null);
    return [
      `applied ${result.proposalId} to ${modules} (${result.mode}): ${shortHash(result.oldHash)} → ${shortHash(result.newHash ?? '')}, version ${result.versionId}`,
      ...steps.map((step) => `  ${step}`),
      ...describeReruns(result.reran, result.kept).map((line) => `  ${line}`),
      ...overriddenTypeErrors(result),
      ...(probation
        ? ['On probation: an error from the new code in that window rolls it back; stopping the agent before it ends reverts it at the next start.']
        : []),
    ].join('\n');
  }
  const error = result.error;
  const where = error?.location === undefined ? '' : ` at ${error.location}`;
  // Say only what the rollback checked (it reads every file back).
  const rollback = result.steps.find((step) => step.name === 'rollback');
  const files =
    rollback === undefined
      ? 'nothing written'
      : rollback.ok && rollback.detail?.startsWith('files read back byte-identical') === true
        ? 'files read back byte-identical to before'
        : `files: ${rollback.detail ?? 'not all restored'}`;
  return [
    `${result.outcome === 'rolled_back' ? 'rolled back' : 'refused'}: ${error?.message ?? 'apply failed'}${where}`,
    ...steps.map((step) => `  ${step}`),
    `${modules}: ${files}; version ${error?.restoredVersionId ?? '(unchanged)'} serves; the failed code is kept as version ${result.versionId ?? '(none)'}.`,
  ].join('\n');
}

/** The type errors an applied change was published with (the user overrode the gate). */
function overriddenTypeErrors(result: ApplyResult): string[] {
  const errors = result.typeCheck?.errors ?? [];
  if (errors.length === 0) return [];
  return [`Published with ${errors.length} type error${errors.length === 1 ? '' : 's'} (overridden, recorded on the version):`, ...errors.map((error) => `  ${formatTypeDiagnostic(error)}`)];
}
