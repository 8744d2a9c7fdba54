import { useCallback, useMemo, useRef, useState, type ChangeEvent, type MouseEvent } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { api, errorMessage } from '../../api';
import { useStore, useTimeZone } from '../../store';
import { formatDateTime } from '../../../shared/time';
import { fromLocalInput, renderMarkdown, toLocalInput, type HandoffRange, type HandoffReport, type Mood } from '../../../shared/handoff';
import type { ExportFormat, ReceivedHandoff } from '../../../shared/handoff/contract';
import { SeverityBadge } from '../../ui/SeverityBadge';
import { IDLE, StatusLine, type Status } from '../../ui/StatusLine';
import { Time } from '../../ui/Time';
import { useQuery } from '../../ui/useQuery';

interface Draft {
  mood: Mood;
  summary: string;
  notes: string;
  incoming: string;
  nextSteps: Record<string, string>;
}

function draftOf(report: HandoffReport): Draft {
  return {
    mood: report.header.summary.mood,
    summary: report.header.summary.text,
    notes: report.notesForNext,
    incoming: report.header.incoming,
    nextSteps: Object.fromEntries(report.openPages.map((p) => [p.pageId, p.nextStep])),
  };
}

/** The report with the user's unsaved edits applied: what the export will say once they are saved. */
function withDraft(report: HandoffReport, d: Draft): HandoffReport {
  return {
    ...report,
    header: { ...report.header, incoming: d.incoming, summary: { mood: d.mood, text: d.summary, edited: true } },
    notesForNext: d.notes,
    openPages: report.openPages.map((p) => ({ ...p, nextStep: d.nextSteps[p.pageId] ?? p.nextStep })),
  };
}

export function HandoffView() {
  const zone = useTimeZone();
  const [range, setRange] = useState<HandoffRange>({ kind: 'shift' });
  const [status, setStatus] = useState<Status>(IDLE);

  // A handoff imported meanwhile adds pages and follow-ups to this draft: rebuild it.
  const receivedCount = useStore((s) => s.state?.handoff?.received.length ?? 0);
  const built = useQuery(`${JSON.stringify(range)}|${receivedCount}`, async () => (await api.getHandoffDraft(range)).report);
  const report = built.data ?? null;
  const loadError = built.error;

  // Each report built from the log starts a fresh draft; what the user types edits that report's draft.
  const fresh = useMemo(() => (report ? draftOf(report) : null), [report]);
  const [edit, setEdit] = useState<{ report: HandoffReport; draft: Draft } | null>(null);
  const draft = edit && edit.report === report ? edit.draft : fresh;
  const setDraft = (next: Draft) => {
    if (report) setEdit({ report, draft: next });
  };
  /** What the log already holds for each report: its fresh draft, then each saved edit. */
  const saved = useRef(new WeakMap<HandoffReport, Draft>());

  /** The save in flight: exports wait for it, so they always include what was just typed. */
  const pending = useRef<Promise<void>>(Promise.resolve());

  /** Journals what changed since the last save; the preview already shows it. */
  const saveEdits = useCallback((): Promise<void> => {
    const next = pending.current.then(async () => {
      if (!report || !draft) return;
      const before = saved.current.get(report) ?? draftOf(report);
      const calls: Promise<unknown>[] = [];
      const draftId = report.id;
      if (draft.mood !== before.mood || draft.summary !== before.summary) calls.push(api.editHandoff({ draftId, summary: { mood: draft.mood, text: draft.summary } }));
      if (draft.notes !== before.notes) calls.push(api.editHandoff({ draftId, notes: draft.notes }));
      if (draft.incoming !== before.incoming) calls.push(api.editHandoff({ draftId, incoming: draft.incoming }));
      for (const [pageId, text] of Object.entries(draft.nextSteps)) {
        if ((before.nextSteps[pageId] ?? '') !== text) calls.push(api.editHandoff({ draftId, nextStep: { pageId, text } }));
      }
      if (calls.length === 0) return;
      saved.current.set(report, draft);
      try {
        await Promise.all(calls);
        setStatus({ kind: 'done', message: 'Edits saved to the log.' });
      } catch (error) {
        saved.current.set(report, before);
        setStatus({ kind: 'error', message: `Edits not saved: ${errorMessage(error)}` });
        throw error;
      }
    });
    pending.current = next.catch(() => undefined);
    return next;
  }, [report, draft]);

  const run = async (what: string, action: () => Promise<string>) => {
    setStatus({ kind: 'busy', what });
    try {
      await saveEdits();
      setStatus({ kind: 'done', message: await action() });
    } catch (error) {
      setStatus({ kind: 'error', message: `${what} failed: ${errorMessage(error)}` });
    }
  };

  const exportAs = (format: ExportFormat, label: string) =>
    run(label, async () => {
      const result = await api.exportHandoff({ range, format });
      if (result.copied) return 'Markdown copied to the clipboard.';
      return result.savedTo ? `Saved ${result.fileName}.` : 'Not saved: the save dialog was cancelled.';
    });

  const preview = useMemo(() => (report && draft ? renderMarkdown(withDraft(report, draft), { embedJson: false }) : ''), [report, draft]);

  return (
    <section className="view handoff-view" aria-labelledby="view-title">
      <h1 id="view-title">Handoff</h1>
      <ReceivedHandoffs />
      <RangePicker range={range} report={report} zone={zone} onChange={setRange} />
      {loadError ? (
        <p role="alert" className="banner banner-error">
          Could not build the handoff: {loadError}
        </p>
      ) : null}
      {report && draft ? (
        <div className="handoff-grid">
          <div className="handoff-edit">
            <form className="card form" aria-labelledby="handoff-edit-title" onSubmit={(e) => e.preventDefault()} onBlur={() => void saveEdits().catch(() => undefined)}>
              <div className="handoff-preview-head">
                <h2 id="handoff-edit-title">Before you hand over</h2>
                <button type="button" onClick={() => void saveEdits().then(built.reload, () => undefined)} title="Rebuild the draft from the log">
                  Refresh
                </button>
              </div>
              <p className="muted small">
                <Time at={report.header.window.start} /> → <Time at={report.header.window.end} /> · {report.stats.pages} pages ·{' '}
                {report.openPages.length} open · {report.followups.length} follow-ups
              </p>
              <div className="handoff-summary">
                <label>
                  <span>Shift was</span>
                  <select value={draft.mood} onChange={(e) => setDraft({ ...draft, mood: e.target.value as Mood })}>
                    <option value="quiet">Quiet</option>
                    <option value="noisy">Noisy</option>
                    <option value="bumpy">Bumpy</option>
                  </select>
                </label>
                <label>
                  <span>Summary</span>
                  <input value={draft.summary} maxLength={500} onChange={(e) => setDraft({ ...draft, summary: e.target.value })} />
                </label>
              </div>
              <label>
                <span>Handing over to</span>
                <input value={draft.incoming} maxLength={200} placeholder="the next on-call" onChange={(e) => setDraft({ ...draft, incoming: e.target.value })} />
              </label>
              {report.openPages.length > 0 ? <h3>Next step for each open page</h3> : null}
              {report.openPages.map((p) => (
                <label key={p.pageId}>
                  <span>
                    <SeverityBadge severity={p.severity} /> {p.title}
                    {p.handedOverBy ? <span className="muted"> · handed over by {p.handedOverBy}</span> : null}
                  </span>
                  <input
                    aria-label={`Next step for ${p.title}`}
                    value={draft.nextSteps[p.pageId] ?? ''}
                    maxLength={4096}
                    placeholder="What the next on-call should do"
                    onChange={(e) => setDraft({ ...draft, nextSteps: { ...draft.nextSteps, [p.pageId]: e.target.value } })}
                  />
                </label>
              ))}
              <label>
                <span>Notes for the next on-call</span>
                <textarea rows={4} value={draft.notes} onChange={(e) => setDraft({ ...draft, notes: e.target.value })} />
              </label>
            </form>
            <div className="card" aria-labelledby="handoff-export-title">
              <h2 id="handoff-export-title">Export and hand over</h2>
              <div className="actions">
                <button type="button" onClick={() => void exportAs('markdown-copy', 'Copy')}>
                  Copy Markdown
                </button>
                <button type="button" onClick={() => void exportAs('markdown', 'Saving Markdown')}>
                  Save Markdown
                </button>
                <button type="button" onClick={() => void exportAs('html', 'Saving HTML')}>
                  Save HTML
                </button>
                <button type="button" onClick={() => void exportAs('pdf', 'Saving PDF')}>
                  Save PDF
                </button>
                <button type="button" onClick={() => void exportAs('json', 'Saving JSON')}>
                  Save JSON
                </button>
              </div>
              <div className="actions handoff-send">
                <button
                  type="button"
                  className="primary"
                  onClick={() =>
                    void run('Hand over', async () => {
                      const sent = await api.handOver(range);
                      return `Handed over ${draft.incoming ? `to ${draft.incoming} ` : ''}at ${formatDateTime(sent.sentAt, zone)}.`;
                    })
                  }
                >
                  Hand over
                </button>
                <LastSent draftId={report.id} zone={zone} />
              </div>
              <StatusLine status={status} />
            </div>
            <ImportHandoff />
            <HoursSettings />
          </div>
          <Preview markdown={preview} />
        </div>
      ) : !loadError ? (
        <p className="muted" role="status">
          Building the handoff…
        </p>
      ) : null}
    </section>
  );
}

function RangePicker({ range, report, zone, onChange }: { range: HandoffRange; report: HandoffReport | null; zone: string; onChange: (r: HandoffRange) => void }) {
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [error, setError] = useState<string | null>(null);

  const chooseCustom = () => {
    const s = report ? toLocalInput(Date.parse(report.header.window.start), zone) : '';
    const e = report ? toLocalInput(Date.parse(report.header.window.end), zone) : '';
    setStart(s);
    setEnd(e);
    apply(s, e);
  };
  const apply = (s: string, e: string) => {
    const from = fromLocalInput(s, zone);
    const to = fromLocalInput(e, zone);
    if (from === null || to === null) return setError('Choose a start and an end.');
    if (to <= from) return setError('The end must be after the start.');
    setError(null);
    onChange({ kind: 'custom', start: new Date(from).toISOString(), end: new Date(to).toISOString() });
  };

  return (
    <fieldset className="card handoff-range">
      <legend>Which stretch of time</legend>
      <div className="actions">
        <label className="checkbox">
          <input type="radio" name="handoff-range" checked={range.kind === 'shift'} onChange={() => onChange({ kind: 'shift' })} />
          <span>{report?.header.scheduleName ? `Current or last shift (${report.header.scheduleName})` : 'Current or last shift (else the last 7 days)'}</span>
        </label>
        <label className="checkbox">
          <input type="radio" name="handoff-range" checked={range.kind === 'custom'} onChange={chooseCustom} />
          <span>A range of my choice</span>
        </label>
      </div>
      {range.kind === 'custom' ? (
        <div className="actions">
          <label>
            <span>From ({zone})</span>
            <input type="datetime-local" value={start} onChange={(e) => (setStart(e.target.value), apply(e.target.value, end))} />
          </label>
          <label>
            <span>To ({zone})</span>
            <input type="datetime-local" value={end} onChange={(e) => (setEnd(e.target.value), apply(start, e.target.value))} />
          </label>
          {error ? <span className="error-text">{error}</span> : null}
        </div>
      ) : null}
    </fieldset>
  );
}

/** The export as it will read, rendered from Markdown to React elements (raw HTML is dropped, never injected). */
function Preview({ markdown }: { markdown: string }) {
  const [source, setSource] = useState(false);
  const openLink = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    const href = event.currentTarget.getAttribute('href');
    if (href) api.openExternal({ url: href }).catch((e: unknown) => console.error(errorMessage(e)));
  };
  return (
    <div className="card handoff-preview" aria-labelledby="handoff-preview-title">
      <div className="handoff-preview-head">
        <h2 id="handoff-preview-title">Preview</h2>
        <label className="checkbox small">
          <input type="checkbox" checked={source} onChange={(e) => setSource(e.target.checked)} />
          <span>Show Markdown</span>
        </label>
      </div>
      {source ? (
        <pre className="handoff-source" tabIndex={0} aria-label="Markdown of the handoff">
          {markdown}
        </pre>
      ) : (
        <article className="handoff-rendered" aria-label="Handoff preview">
          <Markdown remarkPlugins={[remarkGfm]} skipHtml components={{ a: ({ href, children }) => <a href={href} onClick={openLink}>{children}</a> }}>
            {markdown}
          </Markdown>
        </article>
      )}
    </div>
  );
}

function LastSent({ draftId, zone }: { draftId: string; zone: string }) {
  const lastSent = useStore((s) => s.state?.handoff?.lastSent ?? null);
  if (!lastSent || lastSent.draftId !== draftId) return <span className="muted small">Not handed over yet.</span>;
  return (
    <span className="muted small">
      Handed over{lastSent.to ? ` to ${lastSent.to}` : ''} at {formatDateTime(lastSent.at, zone)}.
    </span>
  );
}

function ImportHandoff() {
  const [status, setStatus] = useState<Status>(IDLE);
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setStatus({ kind: 'busy', what: `Importing ${file.name}` });
    try {
      if (file.size > 10 * 1024 * 1024) throw new Error('the file is larger than 10 MB');
      const result = await api.importHandoff({ text: await file.text() });
      setStatus({
        kind: 'done',
        message: result.alreadyImported
          ? `This handoff from ${result.from} was already imported.`
          : `Imported the handoff from ${result.from}: ${result.openPages} open page(s), ${result.followups} follow-up(s).`,
      });
    } catch (error) {
      setStatus({ kind: 'error', message: `Not imported: ${errorMessage(error)}` });
    } finally {
      input.value = '';
    }
  };
  return (
    <div className="card form" aria-labelledby="handoff-import-title">
      <h2 id="handoff-import-title">Taking over?</h2>
      <label>
        <span>Import a handoff (its JSON, or Markdown Baton exported)</span>
        <input type="file" accept=".md,.markdown,.json,.txt,text/markdown,application/json,text/plain" onChange={(e) => void onFile(e)} />
      </label>
      <StatusLine status={status} />
    </div>
  );
}

const NO_RECEIVED: readonly ReceivedHandoff[] = [];

function ReceivedHandoffs() {
  const received = useStore((s) => s.state?.handoff?.received ?? NO_RECEIVED);
  const latest = received[0];
  if (!latest) return null;
  return (
    <div className="card handoff-received" aria-labelledby="handoff-received-title">
      <h2 id="handoff-received-title">Handed over to you by {latest.from}</h2>
      <p className="muted small">
        {latest.scheduleName ? `${latest.scheduleName} · ` : ''}
        <Time at={latest.start} /> → <Time at={latest.end} /> · imported <Time at={latest.receivedAt} />
      </p>
      {latest.summary ? <p>{latest.summary}</p> : null}
      {latest.openPages.length > 0 ? (
        <ul>
          {latest.openPages.map((p) => (
            <li key={p.pageId}>
              <SeverityBadge severity={p.severity} /> {p.title}
              {p.nextStep ? <span className="muted"> — next: {p.nextStep}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No open pages.</p>
      )}
      {latest.followupIds.length > 0 ? <p className="small">{latest.followupIds.length} follow-up(s) added to your open follow-ups.</p> : null}
      {latest.notes ? <blockquote className="handoff-notes">{latest.notes}</blockquote> : null}
    </div>
  );
}

function HoursSettings() {
  const settings = useStore((s) => s.state?.handoff?.settings);
  const [status, setStatus] = useState<Status>(IDLE);
  if (!settings) return null;
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const days = data.getAll('day').map(Number);
    try {
      await api.updateHandoffSettings({
        businessHours: { days, start: String(data.get('bstart')), end: String(data.get('bend')) },
        sleepHours: { start: String(data.get('sstart')), end: String(data.get('send')) },
        flapMinutes: Number(data.get('flap')),
        noisyThreshold: settings.noisyThreshold,
      });
      setStatus({ kind: 'done', message: 'Saved.' });
    } catch (error) {
      setStatus({ kind: 'error', message: `Not saved: ${errorMessage(error)}` });
    }
  };
  const names = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return (
    <details className="card">
      <summary>Business hours and sleep hours</summary>
      <form
        className="form handoff-hours"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(e.currentTarget);
        }}
      >
        <fieldset>
          <legend>Business days</legend>
          {names.map((n, i) => (
            <label key={n} className="checkbox">
              <input type="checkbox" name="day" value={i + 1} defaultChecked={settings.businessHours.days.includes(i + 1)} />
              <span>{n}</span>
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <label>
            <span>Business hours from</span>
            <input type="time" name="bstart" defaultValue={settings.businessHours.start} required />
          </label>
          <label>
            <span>to</span>
            <input type="time" name="bend" defaultValue={settings.businessHours.end} required />
          </label>
        </div>
        <div className="actions">
          <label>
            <span>Sleep hours from</span>
            <input type="time" name="sstart" defaultValue={settings.sleepHours.start} required />
          </label>
          <label>
            <span>to</span>
            <input type="time" name="send" defaultValue={settings.sleepHours.end} required />
          </label>
          <label>
            <span>Flapping window (minutes)</span>
            <input type="number" name="flap" min={1} max={1440} defaultValue={settings.flapMinutes} required />
          </label>
        </div>
        <div className="actions">
          <button type="submit">Save hours</button>
          <StatusLine status={status} as="span" />
        </div>
      </form>
    </details>
  );
}
