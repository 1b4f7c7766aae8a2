/** The server's message for one field, under it. */
export function FieldError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="field-error" role="alert">
      {message}
    </span>
  );
}
