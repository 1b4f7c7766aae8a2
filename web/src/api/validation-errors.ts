import { ApiFailure } from './api-client.ts';

/** One problem the server found in a request body, located by its dotted path (`rule.where.0.value`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * The field-level problems of a failed call. The server answers a 400 with `error.details` holding
 * `{issues: [{path, message}]}` (every problem) or `{field}` (the first one, described by the message);
 * plain Zod shapes (an issue array, a flattened `{fieldErrors}`) are read too. Paths lose the `body.`
 * prefix, so they name the fields of the form that sent the body.
 */
export function fieldProblems(err: unknown): FieldProblem[] {
  if (!(err instanceof ApiFailure) || err.details === undefined) return [];
  return problemsIn(err.details, err.message).map((p) => ({ path: p.path.replace(/^body\.?/, ''), message: p.message }));
}

function problemsIn(details: unknown, message: string): FieldProblem[] {
  if (Array.isArray(details)) return details.flatMap(issueProblem);
  if (typeof details !== 'object' || details === null) return [];
  const d = details as Record<string, unknown>;
  if (Array.isArray(d.issues)) return d.issues.flatMap(issueProblem);
  if (typeof d.fieldErrors === 'object' && d.fieldErrors !== null) {
    return Object.entries(d.fieldErrors as Record<string, unknown>).flatMap(([path, messages]) =>
      (Array.isArray(messages) ? messages : [messages]).filter((m): m is string => typeof m === 'string').map((m) => ({ path, message: m })),
    );
  }
  // One field: the message reads "body.name: Too small…"; keep what follows the path.
  if (typeof d.field === 'string') return [{ path: d.field, message: message.replace(/^[\w.[\]-]+:\s*/, '') }];
  return [];
}

function issueProblem(issue: unknown): FieldProblem[] {
  if (typeof issue !== 'object' || issue === null) return [];
  const i = issue as { path?: unknown; message?: unknown };
  if (typeof i.message !== 'string') return [];
  const path = Array.isArray(i.path) ? i.path.map(String).join('.') : typeof i.path === 'string' ? i.path : '';
  return [{ path, message: i.message }];
}

/** The message(s) for `path` or anything below it (`rule` covers `rule.events.0`). */
export function problemAt(problems: FieldProblem[], path: string): string | undefined {
  const hit = problems.filter((p) => covers(path, p.path));
  return hit.length ? hit.map((p) => p.message).join('; ') : undefined;
}

/** The problems none of `paths` covers, listed under the form so nothing the server said is lost. */
export function problemsOutside(problems: FieldProblem[], paths: string[]): FieldProblem[] {
  return problems.filter((p) => !paths.some((path) => covers(path, p.path)));
}

function covers(field: string, problemPath: string): boolean {
  return problemPath === field || problemPath.startsWith(`${field}.`);
}
