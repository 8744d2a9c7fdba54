import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import type { Page } from '../../../shared/pages';
import type { PageActions } from './pageActions';

const SNOOZES = [
  { minutes: 30, label: '30 min' },
  { minutes: 60, label: '1 hour' },
  { minutes: 240, label: '4 hours' },
  { minutes: 1440, label: '24 hours' },
];

/**
 * What only some sources can do to a page: snooze at the service (it triggers again there after), and
 * a note sent to the incident when the user chooses to. Shown only where the source has them.
 */
export function ServiceActions({ page, actions, run, busy }: { page: Page; actions: PageActions; run: (action: () => Promise<string>) => Promise<void>; busy: boolean }) {
  const [snooze, setSnooze] = useState(60);
  const [note, setNote] = useState('');
  if (page.status === 'resolved' || !actions.service) return null;
  const send = (event: FormEvent) => {
    event.preventDefault();
    const text = note.trim();
    if (!text) return;
    void run(async () => {
      // Kept in Baton's log with the page, and sent to the incident because the user asked for it.
      await api.addNote({ text, pageId: page.id });
      const { message } = await api.sendPageNote({ pageId: page.id, text });
      setNote('');
      return message;
    });
  };
  return (
    <div className="page-actions service-actions">
      {actions.can('snooze') && page.status === 'triggered' ? (
        <>
          <label>
            <span>Snooze for</span>
            <select value={snooze} onChange={(e) => setSnooze(Number(e.target.value))} disabled={busy}>
              {SNOOZES.map((d) => (
                <option key={d.minutes} value={d.minutes}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void run(async () => (await api.snoozePage({ pageId: page.id, minutes: snooze })).message)} disabled={busy}>
            Snooze in {actions.service}
          </button>
        </>
      ) : null}
      {actions.can('note') ? (
        <form className="grow service-note" onSubmit={send} aria-label={`Note to ${actions.service}`}>
          <label className="grow">
            <span>Note (saved in Baton and sent to {actions.service})</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} disabled={busy} maxLength={25_000} />
          </label>
          <button type="submit" disabled={busy || !note.trim()}>
            Send note
          </button>
        </form>
      ) : null}
      {actions.missing ? <p className="muted small">{actions.missing}</p> : null}
    </div>
  );
}
