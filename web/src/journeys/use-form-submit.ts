import { useState } from 'react';
import { ApiFailure } from '../api/api-client.ts';
import { type FieldProblem, fieldProblems } from '../api/validation-errors.ts';

/** A dialog's save: busy while it runs; a 400 becomes field problems, anything else a general error. */
export function useFormSubmit() {
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (action: () => Promise<void>, onDone: () => void) => {
    setBusy(true);
    setError(undefined);
    setProblems([]);
    try {
      await action();
      onDone();
    } catch (err) {
      const found = fieldProblems(err);
      if (err instanceof ApiFailure && err.status === 400) {
        setProblems(found.length ? found : [{ path: '', message: err.message }]);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return { busy, problems, error, submit };
}
