import { useState, type ReactNode } from 'react';
import { api, errorMessage } from '../api';
import { useStore } from '../store';
import type { AppState } from '../../shared/state';
import { goToSetup, type SetupTarget } from './goTo';
import { IDLE, StatusLine, type Status } from './StatusLine';

interface Step {
  id: SetupTarget | 'test';
  label: string;
  done: boolean;
  /** The link's words: where the step is done. */
  where: string;
}

/** The first-run steps, each ticked from the real state: who you are → schedule → alert source → runbooks → test notification. */
export function setupSteps(state: AppState): Step[] {
  const { settings, shift, pages, runbooks } = state;
  return [
    { id: 'name', label: 'Who you are', done: settings.identity.name.trim() !== '', where: 'Set your name in Settings' },
    { id: 'schedule', label: 'Your on-call schedule', done: shift?.configured === true, where: 'Add a schedule' },
    {
      id: 'alertSource',
      label: 'Where pages come from',
      done: pages.sources.some((s) => s.kind === 'alertmanager') || pages.open.length > 0 || pages.recent.length > 0,
      where: 'Add an Alertmanager or use the webhook',
    },
    { id: 'runbooks', label: 'Your runbooks', done: runbooks.sources.some((s) => s.kind !== 'links'), where: 'Add a runbook folder or repository' },
    { id: 'test', label: 'A test notification', done: settings.setup.testNotificationAt !== '', where: 'Send a test notification' },
  ];
}

/** The first-run checklist: shown until every step is done, each step a link to where it is done. */
export function SetupChecklist() {
  const state = useStore((s) => s.state);
  const steps = state ? setupSteps(state) : null;
  const [status, setStatus] = useState<Status>(IDLE);
  if (!steps || steps.every((s) => s.done)) return null;
  const done = steps.filter((s) => s.done).length;
  const test = async () => {
    setStatus({ kind: 'busy', what: 'Sending' });
    try {
      await api.sendTestNotification();
      setStatus({ kind: 'done', message: 'Sent. Did you see it? If not, check that notifications are allowed for Baton.' });
    } catch (error) {
      setStatus({ kind: 'error', message: errorMessage(error) });
    }
  };
  return (
    <section className="card setup-checklist" aria-labelledby="setup-title">
      <h2 id="setup-title">
        Set up Baton <span className="muted small">({done} of {steps.length} done)</span>
      </h2>
      <ol>
        {steps.map((step) => (
          <li key={step.id} className={step.done ? 'done' : undefined}>
            <span className="setup-mark" aria-hidden="true">
              {step.done ? '✓' : '○'}
            </span>
            <span>
              {step.label}
              <span className="sr-only">{step.done ? ': done' : ': to do'}</span>
              {step.done ? null : (
                <>
                  {' — '}
                  {step.id === 'test' ? (
                    <button type="button" className="link" onClick={() => void test()} disabled={status.kind === 'busy'}>
                      {step.where}
                    </button>
                  ) : (
                    <SetupLink target={step.id}>{step.where}</SetupLink>
                  )}
                </>
              )}
            </span>
          </li>
        ))}
      </ol>
      <StatusLine status={status} alertOnError />
    </section>
  );
}

/** A hint's words as a link to where it is done ("Set your name in Settings"). */
export function SetupLink({ target, children }: { target: SetupTarget; children: ReactNode }) {
  return (
    <button type="button" className="link" onClick={() => goToSetup(target)}>
      {children}
    </button>
  );
}
