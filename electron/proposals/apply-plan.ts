import { AppError } from '../../shared/errors';
import type { ModuleId, Sha256 } from '../../shared/ids';
import { diffLines } from '../../shared/line-diff';
import type { ApplyFilePreview, ApplyPreview, Proposal, WriteMode } from '../../shared/proposals';
import type { AgentRuntime } from '../runtime/agent-runtime';
import type { DependencyGraph } from '../runtime/dependency-graph';
import { sha256 } from '../base/sha256';
import { forecastReruns } from '../runtime/rerun-forecast';
import type { GateFile } from '../typecheck/type-gate';
import { composeFile } from './compose';
import { scanExports } from './export-names';
import { splitSections } from './sections';

/** What an apply (or a sandbox run) writes: one file per target module. */
export interface ApplyPlan {
  readonly proposalId: Proposal['id'];
  readonly mode: WriteMode;
  /** The first target; a single-target proposal has only this one. */
  readonly module: ModuleId;
  readonly files: readonly ApplyFilePreview[];
  /** SHA-256 of the one original file, or of every file's module and hash for several targets. */
  readonly baseHash: Sha256;
  /** Per file, where the proposal's code sits in the result: errors are located by proposal line. */
  readonly origins: readonly ProposalOrigin[];
}

export interface ProposalOrigin {
  readonly module: ModuleId;
  /** The first line of the result (1-based) that is the proposal's code. */
  readonly fromLine: number;
  /** The proposal's own line of each result line from `fromLine` on. */
  readonly lines: readonly number[];
}

/**
 * Plans writing `proposal` into the workspace as its files are now. A proposal with `// @target`
 * sections for several modules writes each section into its module (the module cannot be
 * changed then); otherwise the code goes into `module` (default: the suggested target).
 */
export function planApply(runtime: AgentRuntime, proposal: Proposal, module?: string, mode?: WriteMode): ApplyPlan {
  const writeMode = mode ?? proposal.mode;
  const sections = splitSections(proposal.code);
  const annotated = sections.filter((section) => section.module !== null);
  let parts: { module: ModuleId; code: string; lines: readonly number[] }[];
  if (annotated.length > 1) {
    const targets = annotated.map((section) => section.module as string);
    if (module !== undefined && !targets.includes(module)) {
      throw new AppError('USAGE', `${proposal.id} has sections for ${targets.join(', ')}; it cannot be applied to ${module}.`, {
        hint: 'Change the // @target lines in the code to move a section.',
      });
    }
    parts = annotated.map((section) => ({ module: existingModule(runtime, section.module as string), code: section.code, lines: section.lines }));
  } else {
    const target = module ?? proposal.targets[0]?.module;
    if (target === undefined) throw new AppError('USAGE', `${proposal.id} has no target module.`, { hint: 'Pass --module.' });
    // One section (any code with an annotation is all in sections); joined, a blank line between.
    const lines = sections.flatMap((section, index) => (index === 0 ? section.lines : [0, ...section.lines]));
    parts = [{ module: existingModule(runtime, target), code: sections.map((section) => section.code).join('\n'), lines }];
  }
  const files = parts.map(({ module: id, code }) => {
    const original = runtime.workspace.readModuleSource(id);
    const result = composeFile(original, code, writeMode, proposal.id, proposal.feature);
    const { added, removed } = diffLines(original, result);
    return { module: id, original, result, baseHash: sha256(original), added, removed };
  });
  const origins = parts.map(({ module: id, code, lines }, index): ProposalOrigin => {
    const { result } = files[index] as ApplyFilePreview;
    // composeFile ends the file with the code (newline-terminated): count the lines before it.
    const body = code.endsWith('\n') || code === '' ? code : `${code}\n`;
    const fromLine = result.slice(0, result.length - body.length).split('\n').length;
    return { module: id, fromLine, lines };
  });
  const first = files[0] as ApplyFilePreview;
  return { proposalId: proposal.id, mode: writeMode, module: first.module, files, baseHash: combinedBaseHash(files), origins };
}

/** The plan's files for the type-check gate, each with where its proposal lines are. */
export function gateFiles(runtime: AgentRuntime, plan: ApplyPlan): GateFile[] {
  return plan.files.map((file): GateFile => {
    const origin = plan.origins.find((candidate) => candidate.module === file.module);
    const base = { path: runtime.workspace.modulePath(file.module), source: file.result, previous: runtime.current(file.module)?.compiled.source ?? file.original };
    return origin === undefined ? base : { ...base, origin: { proposal: plan.proposalId, fromLine: origin.fromLine, lines: origin.lines } };
  });
}

/**
 * The targets in an order where each comes after the targets it imports (directly or through
 * other modules), by a topological sort over the runtime's real graph. Unrelated targets and the
 * members of an import cycle keep their order in the proposal.
 */
export function reloadOrder<File extends { readonly module: ModuleId }>(graph: DependencyGraph<ModuleId>, files: readonly File[]): File[] {
  const targets = new Set(files.map((file) => file.module));
  const needs = new Map(files.map((file) => [file.module, graph.transitiveDependencies(file.module).filter((id) => id !== file.module && targets.has(id))]));
  const ordered: File[] = [];
  const placed = new Set<ModuleId>();
  let remaining = [...files];
  while (remaining.length > 0) {
    const ready = remaining.filter((file) => (needs.get(file.module) ?? []).every((id) => placed.has(id)));
    // Only a cycle leaves nothing ready: break it at its first member (not at a target importing it).
    const next = ready[0] ?? remaining.find((file) => graph.inCycle(file.module)) ?? (remaining[0] as File);
    ordered.push(next);
    placed.add(next.module);
    remaining = remaining.filter((file) => file !== next);
  }
  return ordered;
}

/** What `apply` checks against the preview: the one file's hash, or all of them together. */
export function combinedBaseHash(files: readonly { module: ModuleId; baseHash: Sha256 }[]): Sha256 {
  if (files.length === 1) return (files[0] as { baseHash: Sha256 }).baseHash;
  return sha256(files.map((file) => `${file.module}:${file.baseHash}`).join('\n'));
}

export function previewOf(runtime: AgentRuntime, proposal: Proposal, plan: ApplyPlan): ApplyPreview {
  const first = plan.files[0] as ApplyFilePreview;
  return {
    proposalId: plan.proposalId,
    module: plan.module,
    mode: plan.mode,
    original: first.original,
    result: first.result,
    baseHash: plan.baseHash,
    warnings: [...approvalWarnings(proposal, plan), ...plan.files.flatMap((file) => fileWarnings(runtime, file, plan))],
    files: plan.files,
    reruns: plan.files.flatMap((file) => (runtime.current(file.module) === undefined ? [] : forecastReruns(runtime, file.module))),
  };
}

function existingModule(runtime: AgentRuntime, module: string): ModuleId {
  const id = runtime.workspace.parseModuleId(module);
  if (!runtime.workspace.listModuleIds().includes(id)) {
    throw new AppError('MODULE_NOT_FOUND', `No module "${id}" in this workspace.`, {
      hint: `Modules: ${runtime.workspace.listModuleIds().join(', ')}.`,
    });
  }
  runtime.workspace.modulePath(id);
  return id;
}

function fileWarnings(runtime: AgentRuntime, file: ApplyFilePreview, plan: ApplyPlan): string[] {
  const warnings: string[] = [];
  const scan = scanExports(file.result, `${file.module}.ts`);
  if (!scan.ok) {
    warnings.push(`${file.module}.ts would not compile: ${scan.error}`);
  } else if (!scan.reExportsAll) {
    const removed = exportsNow(runtime, file).filter((name) => !scan.names.includes(name));
    if (removed.length > 0) {
      const users = removed.map((name) => {
        const by = usersOf(runtime, file.module, name);
        return by.length === 0 ? name : `${name} (used by ${by.join(', ')})`;
      });
      warnings.push(`${plan.mode === 'replace' ? 'Replacing' : 'Writing'} ${file.module}.ts removes exports: ${users.join('; ')}`);
    }
  }
  if (runtime.current(file.module) === undefined) warnings.push(`${file.module} is not loaded; apply will refuse.`);
  return warnings;
}

function exportsNow(runtime: AgentRuntime, file: ApplyFilePreview): string[] {
  const live = runtime.current(file.module);
  if (live !== undefined) return Object.keys(live.exports);
  const scan = scanExports(file.original, `${file.module}.ts`);
  return scan.ok ? [...scan.names] : [];
}

/** Dependents whose source names `name` (a cheap, conservative look at who uses an export). */
function usersOf(runtime: AgentRuntime, module: ModuleId, name: string): ModuleId[] {
  const word = new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\b`);
  return runtime.graph.dependents(module).filter((dependent) => {
    try {
      return word.test(runtime.workspace.readModuleSource(dependent));
    } catch {
      return false;
    }
  });
}

function approvalWarnings(proposal: Proposal, plan: ApplyPlan): string[] {
  const warnings: string[] = [];
  const report = proposal.sandboxReports.filter((candidate) => candidate.codeHash === proposal.codeHash).at(-1);
  const modules = plan.files.map((file) => file.module);
  if (report === undefined) warnings.push('The sandbox has not run this code.');
  else if (!report.passed) warnings.push('The sandbox failed for this code.');
  else if (report.mode !== plan.mode || report.targets.join(',') !== modules.join(',')) {
    warnings.push(`The sandbox tested ${report.targets.join(', ')} in ${report.mode} mode, not ${modules.join(', ')} in ${plan.mode} mode.`);
  }
  if (proposal.status !== 'approved') warnings.push(`${proposal.id} is ${proposal.status}, not approved: apply will refuse.`);
  else if (proposal.approval?.forced === true) warnings.push(`Approved with --force by ${proposal.approval.by}.`);
  return warnings;
}
