import { useState } from 'react';
import type { JourneyList } from '../../../common/journeys/api.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { Icon } from '../components/Icon.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { ImportJourneyButton } from '../journeys/ImportJourneyButton.tsx';
import { JourneyCard } from '../journeys/JourneyCard.tsx';
import { journeysPath } from '../journeys/journey-paths.ts';
import { NewJourneyDialog } from '../journeys/NewJourneyDialog.tsx';

/** Every journey map of the workspace, with "New journey" from a template and "Import JSON". */
export function JourneysPage() {
  const { t } = useI18n();
  const [creating, setCreating] = useState(false);
  const [running, setRunning] = useState(false);
  // While a recompute runs its progress shows on a card; poll only then.
  const list = useResource<JourneyList>(journeysPath, { pollMs: running ? 2000 : undefined });
  const journeys = list.data?.journeys;
  const anyRunning = journeys?.some((j) => j.recompute?.state === 'running') ?? false;
  if (anyRunning !== running) setRunning(anyRunning);

  const newButton = (
    <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-journey">
      <Icon name="plus" size={16} />
      {t('journeys.new')}
    </button>
  );

  return (
    <div className="page">
      <PageHeader
        title={t('journeys.title')}
        lead={t('journeys.lead')}
        actions={
          <>
            <ImportJourneyButton />
            {newButton}
          </>
        }
      />
      {journeys === undefined ? (
        list.error !== undefined ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <LoadingState rows={4} />
        )
      ) : journeys.length === 0 ? (
        <div className="card">
          <EmptyState title={t('journeys.emptyTitle')} lead={t('journeys.emptyLead')} icon="map" action={newButton} />
        </div>
      ) : (
        <div className="journey-grid" data-testid="journey-list">
          {journeys.map((j) => (
            <JourneyCard key={j.id} journey={j} />
          ))}
        </div>
      )}
      {creating && <NewJourneyDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
