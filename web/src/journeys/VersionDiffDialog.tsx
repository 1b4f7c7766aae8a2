import { useState } from 'react';
import type { Journey, VersionChange, VersionDiff } from '../../../common/journeys/api.ts';
import { ErrorState } from '../components/ErrorState.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { Modal } from '../components/Modal.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { diffPath } from './journey-paths.ts';

const KIND_LABELS: Record<VersionChange['kind'], MessageKey> = { added: 'diff.added', removed: 'diff.removed', changed: 'diff.changed', moved: 'diff.moved' };
const ENTITY_LABELS: Record<VersionChange['entity'], MessageKey> = { journey: 'diff.entityJourney', stage: 'diff.entityStage', touchpoint: 'diff.entityTouchpoint', persona: 'diff.entityPersona', message: 'diff.entityMessage' };
const KIND_SIGNS: Record<VersionChange['kind'], string> = { added: '+', removed: '−', changed: '~', moved: '↔' };
/** Words for the field names the API reports; an unknown field shows as it is. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'stage.name',
  key: 'stage.key',
  description: 'touchpoint.description',
  goals: 'lane.goals',
  needs: 'lane.needs',
  thoughts: 'lane.thoughts',
  emotion: 'lane.emotion',
  painPoints: 'lane.painPoints',
  opportunities: 'lane.opportunities',
  touchpoints: 'lane.touchpoints',
  team: 'diff.fieldTeam',
  channel: 'touchpoint.channel',
  kind: 'touchpoint.kind',
  owner: 'touchpoint.owner',
  rule: 'rule.title',
  stageId: 'touchpoint.stage',
  frustrations: 'persona.frustrations',
  timing: 'message.timing',
};

/** The draft as the `to` side of a diff (the API's `to=0`). */
const DRAFT = 0;

/**
 * "What changed": the differences between two versions, or between a version and the draft. Opens on
 * the unpublished changes when there are some, else on the newest version against the one before.
 */
export function VersionDiffDialog({ journey, onClose }: { journey: Journey; onClose: () => void }) {
  const { t, formatDateTime } = useI18n();
  const versions = [...journey.versions].sort((a, b) => b.version - a.version);
  const latest = versions[0]?.version ?? DRAFT;
  const draftFirst = journey.hasUnpublishedChanges && versions.length > 0;
  const [to, setTo] = useState(draftFirst ? DRAFT : latest);
  const [from, setFrom] = useState(draftFirst ? latest : (versions[1]?.version ?? latest));
  const canCompare = versions.length > 0 && from !== to && from !== DRAFT;
  const ordered = to === DRAFT ? { from, to } : { from: Math.min(from, to), to: Math.max(from, to) };
  const diff = useResource<VersionDiff>(canCompare ? diffPath(journey.id, ordered.from, ordered.to) : null);

  const versionOptions = versions.map((v) => (
    <option key={v.version} value={v.version}>
      {t('diff.versionOption', { version: v.version, when: formatDateTime(v.publishedAt) })}
    </option>
  ));

  return (
    <Modal title={t('diff.title')} onClose={onClose} testId="diff-dialog">
      {versions.length === 0 ? (
        <p className="muted">{t('diff.neverPublished')}</p>
      ) : (
        <>
          <div className="form-row">
            <label className="field">
              <span className="field-label">{t('diff.from')}</span>
              <select value={from} onChange={(e) => setFrom(Number(e.target.value))} data-testid="diff-from">
                {versionOptions}
              </select>
            </label>
            <label className="field">
              <span className="field-label">{t('diff.to')}</span>
              <select value={to} onChange={(e) => setTo(Number(e.target.value))} data-testid="diff-to">
                <option value={DRAFT}>{t('diff.draft')}</option>
                {versionOptions}
              </select>
            </label>
          </div>
          {!canCompare ? (
            <p className="muted">{t('diff.sameVersion')}</p>
          ) : diff.data ? (
            diff.data.changes.length === 0 ? (
              <p className="muted">{t('diff.noChanges')}</p>
            ) : (
              <ul className="diff-list" data-testid="diff-changes">
                {diff.data.changes.map((c, i) => (
                  <li key={`${c.entity}:${c.id}:${i}`} className={`diff-item diff-${c.kind}`}>
                    <span className="diff-sign" aria-hidden="true">
                      {KIND_SIGNS[c.kind]}
                    </span>
                    <span className="diff-text">
                      <span className="diff-what">
                        {t(KIND_LABELS[c.kind])} · {t(ENTITY_LABELS[c.entity])}
                      </span>
                      <strong>{c.name}</strong>
                      {c.fields && c.fields.length > 0 && <span className="diff-fields">{t('diff.fields', { fields: c.fields.map((f) => (FIELD_LABELS[f] ? t(FIELD_LABELS[f]) : f).toLowerCase()).join(', ') })}</span>}
                    </span>
                  </li>
                ))}
              </ul>
            )
          ) : diff.error !== undefined ? (
            <ErrorState error={diff.error} onRetry={diff.reload} inline />
          ) : (
            <LoadingState rows={3} />
          )}
        </>
      )}
    </Modal>
  );
}
