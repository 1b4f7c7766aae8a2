import { useId, useState } from 'react';
import type { Condition, ConditionOp } from '../../../common/journeys/model.ts';
import { type FieldProblem, problemAt } from '../api/validation-errors.ts';
import { Icon } from '../components/Icon.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';

const OPS: { op: ConditionOp; label: MessageKey }[] = [
  { op: 'eq', label: 'op.eq' },
  { op: 'neq', label: 'op.neq' },
  { op: 'contains', label: 'op.contains' },
  { op: 'startsWith', label: 'op.startsWith' },
  { op: 'regex', label: 'op.regex' },
  { op: 'in', label: 'op.in' },
  { op: 'gt', label: 'op.gt' },
  { op: 'lt', label: 'op.lt' },
  { op: 'exists', label: 'op.exists' },
];

/**
 * Property conditions (path, operator, value). `in` takes a comma-separated list, `gt`/`lt` a number,
 * `exists` nothing. `pathPrefix` is the field prefix new rows start with (`properties.` or `traits.`);
 * `pathSuggestions` are offered for the field (e.g. the property keys seen in events).
 */
export function ConditionList({ conditions, onChange, problems, problemPath, pathPrefix, testId, pathSuggestions }: { conditions: Condition[]; onChange: (next: Condition[]) => void; problems: FieldProblem[]; problemPath: string; pathPrefix: 'properties.' | 'traits.'; testId: string; pathSuggestions?: string[] }) {
  const { t } = useI18n();
  const listId = useId();
  // Stable row keys, so typing in a row does not remount it when another row is removed.
  const [keys, setKeys] = useState(() => conditions.map((_, i) => i));
  const [nextKey, setNextKey] = useState(conditions.length);
  const rowKeys = keys.length === conditions.length ? keys : conditions.map((_, i) => i);

  const update = (i: number, c: Condition) => onChange(conditions.map((old, j) => (j === i ? c : old)));
  const remove = (i: number) => {
    setKeys(rowKeys.filter((_, j) => j !== i));
    onChange(conditions.filter((_, j) => j !== i));
  };
  const add = () => {
    setKeys([...rowKeys, nextKey]);
    setNextKey(nextKey + 1);
    onChange([...conditions, { path: pathPrefix, op: 'eq', value: '' }]);
  };

  return (
    <div className="condition-list" data-testid={testId}>
      {conditions.map((c, i) => (
        <ConditionEditor key={rowKeys[i] ?? i} condition={c} onChange={(next) => update(i, next)} onRemove={() => remove(i)} problem={problemAt(problems, `${problemPath}.${i}`)} testId={`${testId}-${i}`} pathList={pathSuggestions ? listId : undefined} />
      ))}
      {pathSuggestions && (
        <datalist id={listId}>
          {pathSuggestions.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      )}
      <button type="button" className="btn btn-ghost btn-small" onClick={add} data-testid={`${testId}-add`}>
        <Icon name="plus" size={14} />
        {t('rule.addCondition')}
      </button>
    </div>
  );
}

function ConditionEditor({ condition: c, onChange, onRemove, problem, testId, pathList }: { condition: Condition; onChange: (c: Condition) => void; onRemove: () => void; problem: string | undefined; testId: string; pathList?: string }) {
  const { t } = useI18n();
  const [text, setText] = useState(() => valueText(c.value));

  const setValue = (op: ConditionOp, raw: string) => {
    setText(raw);
    onChange({ path: c.path, op, ...(op === 'exists' ? {} : { value: parseValue(op, raw) }) });
  };

  return (
    <div className="condition-row" data-testid={testId}>
      <input type="text" className="condition-path mono" list={pathList} value={c.path} onChange={(e) => onChange({ ...c, path: e.target.value })} placeholder="properties.revenue" aria-label={t('rule.conditionPath')} aria-invalid={problem ? true : undefined} spellCheck={false} data-testid={`${testId}-path`} />
      <select value={c.op} onChange={(e) => setValue(e.target.value as ConditionOp, text)} aria-label={t('rule.conditionOp')} data-testid={`${testId}-op`}>
        {OPS.map((o) => (
          <option key={o.op} value={o.op}>
            {t(o.label)}
          </option>
        ))}
      </select>
      {c.op === 'exists' ? (
        <span className="condition-value muted small">{t('rule.noValue')}</span>
      ) : (
        <input
          type={c.op === 'gt' || c.op === 'lt' ? 'number' : 'text'}
          className="condition-value"
          value={text}
          onChange={(e) => setValue(c.op, e.target.value)}
          placeholder={c.op === 'in' ? t('rule.listPlaceholder') : t('rule.valuePlaceholder')}
          aria-label={t('rule.conditionValue')}
          aria-invalid={problem ? true : undefined}
          data-testid={`${testId}-value`}
        />
      )}
      <button type="button" className="btn btn-ghost btn-icon" onClick={onRemove} aria-label={t('rule.removeCondition')} title={t('rule.removeCondition')}>
        <Icon name="trash" size={15} />
      </button>
      {problem && <p className="field-error condition-error">{problem}</p>}
    </div>
  );
}

function valueText(v: Condition['value']): string {
  if (v === undefined) return '';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** The value as the API wants it: a list for `in`, a number for `gt`/`lt`, text otherwise. */
function parseValue(op: ConditionOp, raw: string): Condition['value'] {
  if (op === 'in')
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (op === 'gt' || op === 'lt') return raw.trim() === '' ? raw : Number(raw);
  return raw;
}
