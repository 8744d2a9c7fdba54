import { useState } from 'react';
import { errorMessage } from '../api';

/** Where an action stands, for a form or a button row: nothing yet, under way, done, or failed. */
export type Status = { kind: 'idle' } | { kind: 'busy'; what: string } | { kind: 'done'; message: string } | { kind: 'error'; message: string };

export const IDLE: Status = { kind: 'idle' };

/**
 * One line that announces a status to assistive technology: muted while idle, busy or done, in the
 * error colour when it failed (as an alert when `alertOnError`, for failures the user must notice).
 */
export function StatusLine({
  status,
  as: Tag = 'p',
  idle = '',
  alertOnError = false,
  className,
}: {
  status: Status;
  as?: 'p' | 'span';
  /** Shown while nothing has happened yet. */
  idle?: string;
  alertOnError?: boolean;
  className?: string;
}) {
  const failed = status.kind === 'error';
  const text = status.kind === 'busy' ? `${status.what}…` : status.kind === 'idle' ? idle : status.message;
  return (
    <Tag role={failed && alertOnError ? 'alert' : 'status'} className={[failed ? 'error-text' : 'muted', className].filter(Boolean).join(' ')}>
      {text}
    </Tag>
  );
}

/**
 * A status and the way to run an action under it: busy with `what` while it runs, then its message,
 * or "`what` failed: why".
 */
export function useStatus() {
  const [status, setStatus] = useState<Status>(IDLE);
  const run = async (what: string, action: () => Promise<string>) => {
    setStatus({ kind: 'busy', what });
    try {
      setStatus({ kind: 'done', message: await action() });
    } catch (error) {
      setStatus({ kind: 'error', message: `${what} failed: ${errorMessage(error)}` });
    }
  };
  return { status, setStatus, run };
}
