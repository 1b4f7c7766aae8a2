import type { CSSProperties, Ref } from 'react';
import type { JourneyAnalytics } from '../../../common/journeys/api.ts';
import type { Channel, JourneyDefinition, Stage } from '../../../common/journeys/model.ts';
import { Icon } from '../components/Icon.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { BreakdownCell } from './BreakdownCell.tsx';
import { breakdownTitle } from './breakdown-options.ts';
import { EmotionCurve } from './EmotionCurve.tsx';
import { EmotionFace } from './EmotionFace.tsx';
import { CHANNEL_ORDER, CHANNELS } from './journey-channels.ts';
import { LaneLabel } from './LaneLabel.tsx';
import type { MapHandlers } from './map-handlers.ts';
import { MessageCard } from './MessageCard.tsx';
import { StageHeader } from './StageHeader.tsx';
import { StageNumbers } from './StageNumbers.tsx';
import { stageColor } from './stage-colors.ts';
import { TextListCell } from './TextListCell.tsx';
import { TouchpointCard } from './TouchpointCard.tsx';

type TextLane = 'goals' | 'needs' | 'thoughts' | 'painPoints' | 'opportunities';

/**
 * The journey map: stages as columns, lanes as rows (touchpoints by channel, goals and needs,
 * thoughts, the emotion curve, pain points, opportunities, messages). One CSS grid, so every lane
 * lines up with the stage columns; the lane labels stay in view while the map scrolls sideways.
 */
export function JourneyMap({ definition, analytics, compare, handlers, ref }: { definition: JourneyDefinition; analytics: JourneyAnalytics | undefined; compare: boolean; handlers: MapHandlers; ref?: Ref<HTMLDivElement> }) {
  const { t } = useI18n();
  const stages = definition.stages;
  const n = stages.length;
  const stageMetrics = new Map((analytics?.stages ?? []).map((s) => [s.key, s]));
  const previousMetrics = compare && analytics?.previous ? new Map(analytics.previous.stages.map((s) => [s.key, s])) : null;
  const touchpointMetrics = new Map((analytics?.touchpoints ?? []).map((tp) => [tp.id, tp]));
  const channels = CHANNEL_ORDER.filter((c) => stages.some((s) => s.touchpoints.some((tp) => tp.channel === c)));
  const breakdown = analytics?.breakdown;

  const saveText = (stage: Stage, lane: TextLane) => (items: string[]) => handlers.actions.updateStage(stage.id, { [lane]: items });
  const textLane = (lane: TextLane, tone: 'goal' | 'need' | 'thought' | 'pain' | 'opportunity', addLabel: string) =>
    stages.map((s) => (
      <div key={s.id} className="map-cell lane-cell">
        <TextListCell items={s[lane]} onChange={saveText(s, lane)} tone={tone} addLabel={addLabel} testId={`lane-${lane}-${s.key}`} />
      </div>
    ));

  return (
    <div ref={ref} className="journey-map" style={{ '--stages': n } as CSSProperties} data-testid="journey-map">
      <div className="map-cell map-corner">
        <span className="map-corner-title">{t('map.stages')}</span>
        <button type="button" className="btn btn-secondary btn-small map-edit" onClick={() => handlers.addStage(0)} data-testid="add-stage-first" title={t('stage.addFirst')}>
          <Icon name="plus" size={14} />
          {t('stage.add')}
        </button>
      </div>
      {stages.map((s, i) => (
        <StageHeader key={s.id} stage={s} index={i} count={n} color={stageColor(i)} handlers={handlers} />
      ))}

      {analytics && (
        <>
          <LaneLabel icon="users" title={t('lane.customers')} hint={t('map.summary', { customers: analytics.customers })} color="#364fc7" testId="lane-numbers" />
          {stages.map((s, i) => {
            const metrics = stageMetrics.get(s.key);
            return (
              <div key={s.id} className="map-cell stage-metrics-cell" style={{ '--stage-color': stageColor(i) } as CSSProperties}>
                {metrics && <StageNumbers stage={s} metrics={metrics} previous={previousMetrics ? previousMetrics.get(s.key) : null} isFirst={i === 0} onOpen={handlers.openCustomers} />}
              </div>
            );
          })}
        </>
      )}

      {breakdown && (
        <>
          <LaneLabel icon="layers" title={t('lane.breakdown')} hint={breakdownTitle(breakdown.by, t)} color="#495057" testId="lane-breakdown" />
          {stages.map((s, i) => (
            <div key={s.id} className="map-cell lane-cell breakdown-cell">
              <BreakdownCell stageKey={s.key} stageName={s.name} breakdown={breakdown.by} groups={breakdown.groups} isFirst={i === 0} onOpen={handlers.openCustomers} />
            </div>
          ))}
        </>
      )}

      <div className="lane-group">
        <span>{t('lane.touchpoints')}</span>
      </div>
      {channels.map((channel) => (
        <ChannelRow key={channel} channel={channel} stages={stages} handlers={handlers} touchpointMetrics={touchpointMetrics} showNumbers={analytics !== undefined} />
      ))}
      <div className="map-cell lane-label lane-label-sub lane-add map-edit-row">
        <span className="lane-hint">{channels.length === 0 ? t('lane.noTouchpoints') : ''}</span>
      </div>
      {stages.map((s) => (
        <div key={s.id} className="map-cell lane-cell lane-add map-edit-row">
          <button type="button" className="note-add map-edit" onClick={() => handlers.editTouchpoint(s.id)} data-testid={`add-touchpoint-${s.key}`}>
            <Icon name="plus" size={12} />
            {t('touchpoint.add')}
          </button>
        </div>
      ))}

      <div className="lane-group">
        <span>{t('lane.experience')}</span>
      </div>
      <LaneLabel icon="target" title={t('lane.goals')} color="#1971c2" testId="lane-goals" />
      {textLane('goals', 'goal', t('lane.addGoal'))}

      <LaneLabel icon="user" title={t('lane.needs')} color="#6741d9" testId="lane-needs" />
      {textLane('needs', 'need', t('lane.addNeed'))}

      <LaneLabel icon="thought" title={t('lane.thoughts')} color="#7048e8" testId="lane-thoughts" />
      {textLane('thoughts', 'thought', t('lane.addThought'))}

      <LaneLabel icon="smile" title={t('lane.emotion')} hint={t('lane.emotionHint')} color="#2b8a3e" testId="lane-emotion">
        <span className="emotion-scale" aria-hidden="true">
          <EmotionFace value={2} size={16} />
          <span className="emotion-scale-line" />
          <EmotionFace value={-2} size={16} />
        </span>
      </LaneLabel>
      <div className="map-cell emotion-cell" style={{ gridColumn: `2 / span ${Math.max(n, 1)}` }}>
        {n > 0 && <EmotionCurve stages={stages} onChange={(stage, emotion) => handlers.actions.updateStage(stage.id, { emotion })} />}
      </div>

      <LaneLabel icon="bolt" title={t('lane.painPoints')} color="#e03131" testId="lane-pain-points" />
      {textLane('painPoints', 'pain', t('lane.addPainPoint'))}

      <LaneLabel icon="bulb" title={t('lane.opportunities')} color="#f08c00" testId="lane-opportunities" />
      {textLane('opportunities', 'opportunity', t('lane.addOpportunity'))}

      <LaneLabel icon="send" title={t('lane.messages')} hint={t('lane.messagesHint')} color="#0b7285" testId="lane-messages" />
      {stages.map((s) => (
        <div key={s.id} className="map-cell lane-cell">
          <div className="message-list">
            {definition.messages
              .filter((m) => m.stageId === s.id)
              .map((m) => (
                <MessageCard key={m.id} message={m} onEdit={() => handlers.editMessage(s.id, m)} />
              ))}
            <button type="button" className="note-add map-edit" onClick={() => handlers.editMessage(s.id)} data-testid={`add-message-${s.key}`}>
              <Icon name="plus" size={12} />
              {t('message.add')}
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}

function ChannelRow({ channel, stages, handlers, touchpointMetrics, showNumbers }: { channel: Channel; stages: Stage[]; handlers: MapHandlers; touchpointMetrics: Map<string, NonNullable<JourneyAnalytics['touchpoints'][number]>>; showNumbers: boolean }) {
  const { t } = useI18n();
  const look = CHANNELS[channel];
  return (
    <>
      <LaneLabel icon={look.icon} title={t(look.label)} color={look.color} sub testId={`lane-channel-${channel}`} />
      {stages.map((s) => (
        <div key={s.id} className="map-cell lane-cell tp-cell">
          {s.touchpoints
            .filter((tp) => tp.channel === channel)
            .map((tp) => (
              <TouchpointCard key={tp.id} touchpoint={tp} stageId={s.id} metrics={touchpointMetrics.get(tp.id)} showNumbers={showNumbers} handlers={handlers} />
            ))}
        </div>
      ))}
    </>
  );
}
