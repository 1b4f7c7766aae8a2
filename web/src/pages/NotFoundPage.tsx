import { EmptyState } from '../components/EmptyState.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';

/** Any path the dashboard does not know. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="page">
      <div className="card">
        <EmptyState
          title={t('notFound.title')}
          lead={t('notFound.lead')}
          icon="alert"
          action={
            <Link to="/events" className="btn btn-primary">
              {t('notFound.action')}
            </Link>
          }
        />
      </div>
    </div>
  );
}
