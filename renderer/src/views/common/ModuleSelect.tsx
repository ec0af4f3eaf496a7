import type { ModuleId } from '../../../../shared/ids';
import { useAppStore } from '../../store/app-store-context';

/**
 * Picks a module for one view (it never changes the sidebar's selection, which filters every
 * view), optionally with an "All modules" choice (null). Takes the `id` a surrounding Field
 * gives it, so its label names it.
 */
export function ModuleSelect({
  value,
  onChange,
  allowAll = false,
  id,
}: {
  value: ModuleId | null;
  onChange: (module: ModuleId | null) => void;
  allowAll?: boolean;
  id?: string;
}) {
  const modules = useAppStore((state) => state.modules.list);
  return (
    <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value === '' ? null : (event.target.value as ModuleId))}>
      {(allowAll || value === null) && <option value="">{allowAll ? 'All modules' : 'Pick a module'}</option>}
      {modules.map((entry) => (
        <option key={entry.id} value={entry.id}>
          {entry.id}
        </option>
      ))}
    </select>
  );
}
