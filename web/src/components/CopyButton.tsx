import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Icon } from './Icon.tsx';

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1800);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // The clipboard API needs a secure context; plain-http self-hosted installs may not have one.
      setState('failed');
    }
  };

  const text_ = state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : (label ?? t('common.copy'));
  return (
    <button type="button" className={`btn btn-ghost btn-small copy-button${state === 'copied' ? ' is-copied' : ''}`} onClick={() => void copy()} aria-live="polite">
      <Icon name={state === 'copied' ? 'check' : 'copy'} size={14} />
      {text_}
    </button>
  );
}
