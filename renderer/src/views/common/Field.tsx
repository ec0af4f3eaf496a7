import { cloneElement, useId, type ReactElement } from 'react';

/**
 * A label above (or beside) one control, tied by id rather than by nesting: a control nested in
 * its label would get the label text plus its own value as its accessible name.
 */
export function Field({
  label,
  children,
  inline = false,
  grow = false,
  wide = false,
}: {
  label: string;
  children: ReactElement<{ id?: string }>;
  inline?: boolean;
  grow?: boolean;
  wide?: boolean;
}) {
  const id = useId();
  const classes = ['field', inline ? 'field--inline' : '', grow ? 'field--grow' : '', wide ? 'form-grid__wide' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {cloneElement(children, { id })}
    </div>
  );
}
