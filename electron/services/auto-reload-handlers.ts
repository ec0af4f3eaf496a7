import type { ServiceHandlers } from '../../shared/contract/define';
import type { PanelService } from '../../shared/contract/panel';
import type { Engine } from '../engine/open-engine';

/** The panel's toggle for auto-reload on save; the engine owns the setting and the watching. */
export function createAutoReloadHandlers(engine: Pick<Engine, 'autoReload'>): Pick<ServiceHandlers<PanelService>, 'autoReloadState' | 'setAutoReload'> {
  return {
    autoReloadState: () => engine.autoReload.state(),
    setAutoReload: ({ enabled }) => engine.autoReload.setEnabled(enabled),
  };
}
