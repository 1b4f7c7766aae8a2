import type { FieldProblem } from '../api/validation-errors.ts';

/** Validation messages no field of the form claimed, so nothing the server said goes unseen. */
export function ProblemList({ problems }: { problems: FieldProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problem-list" role="alert" data-testid="form-problems">
      {problems.map((p, i) => (
        <li key={i}>
          {p.path && <code>{p.path}</code>} {p.message}
        </li>
      ))}
    </ul>
  );
}
