import { api, errorMessage } from '../api';
import { useStore } from '../store';
import { Time } from '../ui/Time';
import type { Notice } from '../../shared/notices';

/** Messages from main (recovered settings, failed notifications, a full disk) until dismissed. */
const NONE: readonly Notice[] = [];

export function Notices() {
  const notices = useStore((s) => s.state?.notices ?? NONE);
  if (notices.length === 0) return null;
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`banner banner-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <div>
            <p>{n.message}</p>
            <p className="muted small">
              <Time at={n.at} />
              {n.retryAt ? (
                <>
                  {' · next try '}
                  <Time at={n.retryAt} relative />
                </>
              ) : null}
              {n.detail ? ` · ${n.detail}` : ''}
            </p>
          </div>
          <button
            type="button"
            className="ghost"
            aria-label="Dismiss"
            onClick={() => api.dismissNotice({ id: n.id }).catch((e: unknown) => console.error(errorMessage(e)))}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
