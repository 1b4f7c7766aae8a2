import { type CSSProperties, type DragEvent, useState } from 'react';
import type { Stage } from '../../../common/journeys/model.ts';
import { Icon } from '../components/Icon.tsx';
import { InlineText } from '../components/InlineText.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { MapHandlers } from './map-handlers.ts';

/** The drag payload type of a stage band, so drops of other things (files, text) are ignored. */
const STAGE_DRAG_TYPE = 'application/x-kundresa-stage';

/**
 * The head of a stage column: the coloured arrow band with number and name (click to rename) and the
 * editing tools (move, add beside, delete). Bands can be dragged onto another stage to move there.
 * It stays in view while the map scrolls down.
 */
export function StageHeader({ stage, index, count, color, handlers }: { stage: Stage; index: number; count: number; color: string; handlers: MapHandlers }) {
  const { t } = useI18n();
  const [dropTarget, setDropTarget] = useState(false);
  const moveStage = (stageId: string, to: number) => void handlers.actions.updateStage(stageId, { index: to }).catch(() => undefined);
  const move = (to: number) => moveStage(stage.id, to);

  const accepts = (e: DragEvent) => e.dataTransfer.types.includes(STAGE_DRAG_TYPE);
  const onDragOver = (e: DragEvent) => {
    if (!accepts(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    setDropTarget(true);
  };
  const onDrop = (e: DragEvent) => {
    setDropTarget(false);
    const dragged = e.dataTransfer.getData(STAGE_DRAG_TYPE);
    if (!dragged || dragged === stage.id) return;
    e.preventDefault();
    moveStage(dragged, index);
  };

  return (
    <div
      className={`map-cell stage-head${dropTarget ? ' is-drop-target' : ''}`}
      data-testid={`stage-${stage.key}`}
      style={{ '--stage-color': color } as CSSProperties}
      onDragOver={onDragOver}
      onDragLeave={() => setDropTarget(false)}
      onDrop={onDrop}
    >
      <div
        className={`stage-band${index === 0 ? ' is-first' : ''}${index === count - 1 ? ' is-last' : ''}`}
        draggable
        onDragStart={(e) => {
          e.dataTransfer.setData(STAGE_DRAG_TYPE, stage.id);
          e.dataTransfer.effectAllowed = 'move';
        }}
        title={t('stage.dragHint')}
      >
        <span className="stage-number">{String(index + 1).padStart(2, '0')}</span>
        <InlineText
          value={stage.name}
          label={t('stage.rename')}
          className="stage-name"
          testId={`stage-${stage.key}-name`}
          onSave={(name) => handlers.actions.updateStage(stage.id, { name })}
        />
      </div>
      <div className="stage-tools map-edit" role="toolbar" aria-label={t('stage.tools', { name: stage.name })}>
        <button type="button" className="tool-button" onClick={() => move(index - 1)} disabled={index === 0} title={t('stage.moveLeft')} aria-label={t('stage.moveLeft')} data-testid={`stage-${stage.key}-move-left`}>
          <Icon name="left" size={14} />
        </button>
        <button type="button" className="tool-button" onClick={() => move(index + 1)} disabled={index === count - 1} title={t('stage.moveRight')} aria-label={t('stage.moveRight')} data-testid={`stage-${stage.key}-move-right`}>
          <Icon name="right" size={14} />
        </button>
        <button type="button" className="tool-button" onClick={() => handlers.addStage(index + 1)} title={t('stage.addAfter')} aria-label={t('stage.addAfter')} data-testid={`stage-${stage.key}-add-after`}>
          <Icon name="plus" size={14} />
        </button>
        <button type="button" className="tool-button tool-danger" onClick={() => handlers.deleteStage(stage)} title={t('stage.delete')} aria-label={t('stage.delete')} data-testid={`stage-${stage.key}-delete`}>
          <Icon name="trash" size={14} />
        </button>
      </div>
    </div>
  );
}
