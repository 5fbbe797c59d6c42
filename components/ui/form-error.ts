/** An action's error as a form shows it: next to the field it names, or above the form. */
export type FormError = { field?: string; message: string } | null;

/** Drops the "field: " prefix that validation messages carry, since the form shows them next to the field. */
export function toFormError(error: { field?: string; message: string }): FormError {
  return {
    field: error.field,
    message: error.field ? error.message.replace(/^[\w.]+: /, "") : error.message,
  };
}

/** The message for one field, if the error is about it. */
export function errorFor(error: FormError, field: string): string | undefined {
  return error?.field === field ? error.message : undefined;
}

/** The message when the error names no field the form has. */
export function formLevelError(error: FormError, fields: readonly string[]): string | undefined {
  if (!error) return undefined;
  return error.field && fields.includes(error.field) ? undefined : error.message;
}

/** aria attributes that tie an input to its hint or error (ids follow the Field component). */
export function describedBy(id: string, error: string | undefined, hint = false) {
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined,
  } as const;
}
