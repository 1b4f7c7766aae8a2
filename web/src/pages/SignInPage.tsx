import { type FormEvent, useState } from 'react';
import { ApiFailure, verifyToken } from '../api/api-client.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { InlineCode } from '../components/InlineCode.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { Logo } from '../components/Logo.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';

/** Sign-in with the workspace's admin token; the token is checked against the API before it is kept. */
export function SignInPage() {
  const { t } = useI18n();
  const { signIn, reason } = useAuth();
  const [token, setToken] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = token.trim();
    if (!value) {
      setError('signIn.errorEmpty');
      return;
    }
    setChecking(true);
    setError(null);
    try {
      if (await verifyToken(value)) signIn(value);
      else setError('signIn.errorInvalid');
    } catch (err) {
      setError(err instanceof ApiFailure && err.status === 0 ? 'signIn.errorNetwork' : 'signIn.errorOther');
    } finally {
      setChecking(false);
    }
  };

  const notice = reason === 'rejected' ? t('signIn.sessionExpired') : reason === 'signedOut' ? t('signIn.signedOut') : null;

  return (
    <div className="sign-in">
      <div className="sign-in-lang">
        <LanguageSwitch tone="light" />
      </div>
      <form className="sign-in-card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="sign-in-brand">
          <Logo size={40} />
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <h1>{t('signIn.title')}</h1>
        {notice && (
          <p className={`notice ${reason === 'rejected' ? 'notice-warning' : 'notice-info'}`} role="status" data-testid="sign-in-notice">
            {notice}
          </p>
        )}
        <p className="muted">
          <InlineCode text={t('signIn.lead')} />
        </p>
        <label className="field">
          <span className="field-label">{t('signIn.tokenLabel')}</span>
          <input
            type="password"
            name="token"
            autoComplete="current-password"
            spellCheck={false}
            placeholder={t('signIn.tokenPlaceholder')}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'sign-in-error' : undefined}
            autoFocus
          />
        </label>
        {error && (
          <p className="field-error" id="sign-in-error" role="alert">
            {t(error)}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={checking}>
          {checking ? t('signIn.checking') : t('signIn.submit')}
        </button>
        <p className="fine-print">{t('signIn.rememberNote')}</p>
      </form>
    </div>
  );
}
