import type { Persona } from '../../../common/journeys/model.ts';
import { Avatar } from '../components/Avatar.tsx';
import { Icon } from '../components/Icon.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The personas of the map, shown above it as UXPressia and Smaply do; click one to edit it. */
export function PersonaStrip({ personas, onEdit, onAdd }: { personas: Persona[]; onEdit: (p: Persona) => void; onAdd: () => void }) {
  const { t } = useI18n();
  return (
    <div className="persona-strip" data-testid="persona-strip">
      <span className="persona-strip-title">{t('persona.title')}</span>
      {personas.map((p) => (
        <button key={p.id} type="button" className="persona-chip" onClick={() => onEdit(p)} data-testid={`persona-${p.id}`} title={p.description || p.name}>
          <Avatar name={p.name} id={p.id} />
          <span className="persona-chip-text">
            <span className="persona-chip-name">{p.name}</span>
            {p.description && <span className="persona-chip-description">{p.description}</span>}
          </span>
        </button>
      ))}
      <button type="button" className="btn btn-ghost btn-small map-edit" onClick={onAdd} data-testid="add-persona">
        <Icon name="plus" size={14} />
        {personas.length ? t('persona.add') : t('persona.addFirst')}
      </button>
    </div>
  );
}
