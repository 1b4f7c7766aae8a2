import { useEffect, useState } from 'react';
import type { RulePreview } from '../../../common/journeys/api.ts';
import type { MatchRule } from '../../../common/journeys/model.ts';
import { ApiFailure, isAbort } from '../api/api-client.ts';
import { errorDetail, errorText } from '../api/error-text.ts';
import { fieldProblems } from '../api/validation-errors.ts';
import { useApi } from '../auth/auth-context.tsx';
import { useDebouncedValue } from '../hooks/use-debounced-value.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { rulePreviewPath } from './journey-paths.ts';

const PREVIEW_DAYS = 30;
const PREVIEW_DELAY_MS = 450;

interface Outcome {
  rule: string;
  preview?: RulePreview;
  error?: unknown;
}

/** "Matches N events from M customers in the last 30 days", recomputed shortly after the rule stops changing. */
export function RulePreviewLine({ rule }: { rule: MatchRule }) {
  const { t, tn } = useI18n();
  const api = useApi();
  const ruleJson = JSON.stringify(rule);
  const settled = useDebouncedValue(ruleJson, PREVIEW_DELAY_MS);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    api.post<RulePreview>(rulePreviewPath, { rule: JSON.parse(settled) as unknown, days: PREVIEW_DAYS }, { signal: ctl.signal }).then(
      (preview) => setOutcome({ rule: settled, preview }),
      (error: unknown) => {
        if (!isAbort(error)) setOutcome({ rule: settled, error });
      },
    );
    return () => ctl.abort();
  }, [api, settled]);

  const current = outcome?.rule === ruleJson ? outcome : null;
  if (!current) {
    return (
      <p className="rule-preview is-pending" aria-live="polite" data-testid="rule-preview">
        {t('rule.previewRunning')}
      </p>
    );
  }
  if (current.error !== undefined) {
    const invalid = current.error instanceof ApiFailure && current.error.status === 400;
    const first = fieldProblems(current.error)[0];
    return (
      <p className="rule-preview is-error" aria-live="polite" title={errorDetail(current.error)} data-testid="rule-preview">
        {invalid ? t('rule.previewInvalid', { reason: first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : (current.error as ApiFailure).message }) : errorText(current.error, t)}
      </p>
    );
  }
  const p = current.preview;
  if (!p) return null;
  return (
    <p className={`rule-preview${p.events === 0 ? ' is-empty' : ''}`} aria-live="polite" data-testid="rule-preview" data-events={p.events} data-customers={p.customers}>
      {t('rule.previewResult', { events: tn('rule.previewEvents', p.events), customers: tn('rule.previewCustomers', p.customers), days: PREVIEW_DAYS })}
    </p>
  );
}
