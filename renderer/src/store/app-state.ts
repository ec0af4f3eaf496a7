import type { StateCreator } from 'zustand/vanilla';
import type { ServiceClient } from '../../../shared/contract/define';
import type { PanelService } from '../../../shared/contract/panel';
import type { ActivitySlice } from './activity-slice';
import type { AuditSlice } from './audit-slice';
import type { AutoReloadSlice } from './auto-reload-slice';
import type { ConnectionSlice } from './connection-slice';
import type { ConsoleSlice } from './console-slice';
import type { FilesSlice } from './files-slice';
import type { LateCallsSlice } from './late-calls-slice';
import type { LiveSlice } from './live-slice';
import type { LogsSlice } from './logs-slice';
import type { ModulesSlice } from './modules-slice';
import type { ProposalsSlice } from './proposals-slice';
import type { TimelineSlice } from './timeline-slice';
import type { UiSlice } from './ui-slice';
import type { WorkspaceSlice } from './workspace-slice';

/** The renderer's one store: UI state plus a cache of the main process's truth, kept fresh by events. */
export type AppState = ModulesSlice &
  ConnectionSlice &
  WorkspaceSlice &
  UiSlice &
  ActivitySlice &
  FilesSlice &
  LiveSlice &
  LateCallsSlice &
  TimelineSlice &
  AuditSlice &
  ConsoleSlice &
  LogsSlice &
  AutoReloadSlice &
  ProposalsSlice;

export type PanelClient = ServiceClient<PanelService>;

export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;
