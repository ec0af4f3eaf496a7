import type { ModuleId } from '../../../../shared/ids';
import { useAppStore } from '../../store/app-store-context';

/**
 * Picks the selected module (the sidebar's selection), optionally with an "All modules" choice.
 * Takes the `id` a surrounding Field gives it, so its label names it.
 */
export function ModuleSelect({ allowAll = false, id }: { allowAll?: boolean; id?: string }) {
  const modules = useAppStore((state) => state.modules.list);
  const selected = useAppStore((state) => state.modules.selectedId);
  const selectModule = useAppStore((state) => state.selectModule);
  return (
    <select id={id} value={selected ?? ''} onChange={(event) => selectModule(event.target.value === '' ? null : (event.target.value as ModuleId))}>
      {allowAll && <option value="">All modules</option>}
      {modules.map((entry) => (
        <option key={entry.id} value={entry.id}>
          {entry.id}
        </option>
      ))}
    </select>
  );
}
