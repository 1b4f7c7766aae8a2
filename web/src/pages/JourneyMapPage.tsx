import { useCallback, useMemo, useRef, useState } from 'react';
import type { Journey, JourneyAnalytics } from '../../../common/journeys/api.ts';
import type { Message, Persona, Stage, Touchpoint } from '../../../common/journeys/model.ts';
import { ApiFailure } from '../api/api-client.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorState } from '../components/ErrorState.tsx';
import { Icon } from '../components/Icon.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { AddStageDialog } from '../journeys/AddStageDialog.tsx';
import { CustomersPanel } from '../journeys/CustomersPanel.tsx';
import { ExportMenu } from '../journeys/ExportMenu.tsx';
import { JourneyHeader } from '../journeys/JourneyHeader.tsx';
import { JourneyMap } from '../journeys/JourneyMap.tsx';
import { presetRange } from '../journeys/journey-format.ts';
import { analyticsPath, type CustomerSelection } from '../journeys/journey-paths.ts';
import type { MapHandlers } from '../journeys/map-handlers.ts';
import { MapToolbar, type MapView } from '../journeys/MapToolbar.tsx';
import { MessageDialog } from '../journeys/MessageDialog.tsx';
import { PersonaDialog } from '../journeys/PersonaDialog.tsx';
import { PersonaStrip } from '../journeys/PersonaStrip.tsx';
import { PublishButton } from '../journeys/PublishButton.tsx';
import { RealityPanel } from '../journeys/RealityPanel.tsx';
import { RecomputeProgress } from '../journeys/RecomputeProgress.tsx';
import { TouchpointDialog } from '../journeys/TouchpointDialog.tsx';
import { type JourneyActions, useJourney } from '../journeys/use-journey.ts';
import { VersionDiffDialog } from '../journeys/VersionDiffDialog.tsx';
import { Link, navigate } from '../router/router.tsx';

/**
 * The map is live: the pipeline updates journey state within a second of ingestion and the numbers are
 * milliseconds to compute, so the map asks again every few seconds.
 */
const ANALYTICS_POLL_MS = 3_000;

type Editing =
  | { kind: 'touchpoint'; stageId: string; touchpoint?: Touchpoint }
  | { kind: 'message'; stageId: string; message?: Message }
  | { kind: 'persona'; persona?: Persona }
  | { kind: 'addStage'; index: number }
  | { kind: 'diff' }
  | { kind: 'confirm'; title: string; message: string; confirmLabel: string; run: () => Promise<void> };

type Panel = { kind: 'customers'; selection: CustomerSelection; title: string } | { kind: 'reality' };

/** One journey map: live numbers on the stages and touchpoints, edited in place. */
export function JourneyMapPage({ id }: { id: string }) {
  const { t } = useI18n();
  const state = useJourney(id);

  if (!state.journey) {
    const missing = state.error instanceof ApiFailure && state.error.status === 404;
    return (
      <div className="page">
        <Link to="/journeys" className="back-link">
          <Icon name="back" size={16} />
          {t('journeys.back')}
        </Link>
        {state.error === undefined ? (
          <LoadingState rows={8} />
        ) : missing ? (
          <div className="card">
            <EmptyState title={t('map.notFoundTitle')} lead={t('map.notFoundLead')} icon="map" />
          </div>
        ) : (
          <ErrorState error={state.error} onRetry={state.reload} />
        )}
      </div>
    );
  }
  return <JourneyWorkspace journey={state.journey} actions={state.actions} saving={state.saving > 0} error={state.error} />;
}

function JourneyWorkspace({ journey, actions, saving, error }: { journey: Journey; actions: JourneyActions; saving: boolean; error: unknown }) {
  const { t, formatDate } = useI18n();
  const mapRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<MapView>(() => ({ range: presetRange(30), persona: null, compare: false, breakdown: null }));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [panel, setPanel] = useState<Panel | null>(null);
  const definition = journey.definition;
  const published = journey.publishedVersion !== null;
  const filters = { from: view.range.from, to: view.range.to, persona: view.persona };

  const analytics = useResource<JourneyAnalytics>(published ? analyticsPath(journey.id, { ...filters, compare: view.compare, breakdown: view.breakdown }) : null, {
    pollMs: ANALYTICS_POLL_MS,
    keepData: true,
    refreshKey: `${journey.publishedVersion ?? 0}:${journey.recompute?.finishedAt ?? 0}`,
  });
  const notPublishedYet = !published || (analytics.error instanceof ApiFailure && analytics.error.code === 'not_published');
  const numbers = notPublishedYet ? undefined : analytics.data;

  const closeEditing = useCallback(() => setEditing(null), []);
  const closePanel = useCallback(() => setPanel(null), []);

  const confirmDelete = useCallback(
    (what: string, name: string, run: () => Promise<void>) =>
      setEditing({ kind: 'confirm', title: t('confirm.deleteTitle', { what, name }), message: t('confirm.deleteLead'), confirmLabel: t('common.delete'), run }),
    [t],
  );

  const handlers = useMemo<MapHandlers>(
    () => ({
      actions,
      openCustomers: (selection, title) => setPanel({ kind: 'customers', selection, title }),
      editTouchpoint: (stageId, touchpoint) => setEditing({ kind: 'touchpoint', stageId, touchpoint }),
      editMessage: (stageId, message) => setEditing({ kind: 'message', stageId, message }),
      addStage: (index) => setEditing({ kind: 'addStage', index }),
      deleteStage: (stage: Stage) => confirmDelete(t('confirm.stage'), stage.name, () => actions.deleteStage(stage.id)),
    }),
    [actions, confirmDelete, t],
  );

  const personaName = definition.personas.find((p) => p.id === view.persona)?.name;
  const subtitle = [
    published ? t('export.subtitleVersion', { version: journey.publishedVersion ?? 0 }) : t('journeys.statusDraft'),
    `${formatDate(view.range.from)} – ${formatDate(view.range.to - 1)}`,
    personaName ? t('export.subtitlePersona', { name: personaName }) : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <div className="page page-wide journey-page">
      <JourneyHeader journey={journey} actions={actions} saving={saving}>
        <button type="button" className="btn btn-secondary" onClick={() => setPanel({ kind: 'reality' })} disabled={!published} data-testid="open-reality">
          <Icon name="compare" size={16} />
          {t('toolbar.reality')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => setEditing({ kind: 'diff' })} disabled={journey.versions.length === 0} data-testid="what-changed">
          <Icon name="diff" size={16} />
          {t('diff.button')}
        </button>
        <ExportMenu journey={journey} mapRef={mapRef} subtitle={subtitle} />
        <PublishButton journey={journey} actions={actions} />
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          onClick={() =>
            confirmDelete(t('confirm.journey'), journey.name, async () => {
              await actions.deleteJourney();
              navigate('/journeys');
            })
          }
          aria-label={t('journeys.delete')}
          title={t('journeys.delete')}
          data-testid="delete-journey"
        >
          <Icon name="trash" size={16} />
        </button>
      </JourneyHeader>

      {journey.recompute && journey.recompute.state !== 'done' && <RecomputeProgress status={journey.recompute} />}
      {error !== undefined && <ErrorState error={error} inline />}

      <MapToolbar view={view} onChange={setView} personas={definition.personas} disabled={notPublishedYet} loading={published && analytics.loading} />
      {notPublishedYet ? (
        <div className="notice notice-info map-notice" data-testid="not-published">
          <strong>{t('map.notPublishedTitle')}</strong> {t('map.notPublishedLead')}
        </div>
      ) : (
        analytics.error !== undefined && <ErrorState error={analytics.error} onRetry={analytics.reload} inline />
      )}

      <PersonaStrip personas={definition.personas} onEdit={(persona) => setEditing({ kind: 'persona', persona })} onAdd={() => setEditing({ kind: 'persona' })} />

      <div className="map-scroll">
        {definition.stages.length === 0 ? (
          <div className="card">
            <EmptyState
              title={t('map.emptyTitle')}
              lead={t('map.emptyLead')}
              icon="map"
              action={
                <button type="button" className="btn btn-primary" onClick={() => setEditing({ kind: 'addStage', index: 0 })} data-testid="add-stage-empty">
                  <Icon name="plus" size={16} />
                  {t('stage.add')}
                </button>
              }
            />
          </div>
        ) : (
          <JourneyMap ref={mapRef} definition={definition} analytics={numbers} compare={view.compare} handlers={handlers} />
        )}
      </div>

      {editing?.kind === 'touchpoint' && (
        <TouchpointDialog
          stages={definition.stages}
          stageId={editing.stageId}
          touchpoint={editing.touchpoint}
          actions={actions}
          onClose={closeEditing}
          onDelete={(tp) => confirmDelete(t('confirm.touchpoint'), tp.name, () => actions.deleteTouchpoint(tp.id))}
        />
      )}
      {editing?.kind === 'message' && (
        <MessageDialog
          stages={definition.stages}
          stageId={editing.stageId}
          message={editing.message}
          actions={actions}
          onClose={closeEditing}
          onDelete={(m) => confirmDelete(t('confirm.message'), m.name, () => actions.deleteMessage(m.id))}
        />
      )}
      {editing?.kind === 'persona' && (
        <PersonaDialog persona={editing.persona} actions={actions} onClose={closeEditing} onDelete={(p) => confirmDelete(t('confirm.persona'), p.name, () => actions.deletePersona(p.id))} />
      )}
      {editing?.kind === 'addStage' && <AddStageDialog stages={definition.stages} index={editing.index} actions={actions} onClose={closeEditing} />}
      {editing?.kind === 'diff' && <VersionDiffDialog journey={journey} onClose={closeEditing} />}
      {editing?.kind === 'confirm' && <ConfirmDialog title={editing.title} message={editing.message} confirmLabel={editing.confirmLabel} onConfirm={editing.run} onClose={closeEditing} />}

      {panel?.kind === 'customers' && <CustomersPanel journeyId={journey.id} selection={panel.selection} title={panel.title} filters={filters} stages={definition.stages} onClose={closePanel} />}
      {panel?.kind === 'reality' && <RealityPanel journeyId={journey.id} filters={filters} stages={definition.stages} onClose={closePanel} />}
    </div>
  );
}
