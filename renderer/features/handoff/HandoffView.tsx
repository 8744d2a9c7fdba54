import { useCallback, useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../../api';
import { useStore, useTimeZone } from '../../store';
import { formatDateTime } from '../../../shared/time';
import { openPageGroups, renderMarkdown, sharedNextStep, type HandoffRange, type HandoffReport, type Mood, type OpenPageItem } from '../../../shared/handoff';
import type { ExportFormat } from '../../../shared/handoff/contract';
import { SeverityBadge } from '../../ui/SeverityBadge';
import { StatusLine, useStatus } from '../../ui/StatusLine';
import { Time } from '../../ui/Time';
import { useQuery } from '../../ui/useQuery';
import { HoursSettings } from './HoursSettings';
import { ImportHandoff } from './ImportHandoff';
import { Preview } from './Preview';
import { RangePicker } from './RangePicker';
import { ReceivedHandoffs } from './ReceivedHandoffs';
import { HandoffAcceptance } from './HandoffAcceptance';
import { HandoffBriefing } from './HandoffBriefing';
import { HandoffRepository } from './HandoffRepository';
import { HandoffChat } from './HandoffChat';

interface Draft {
  mood: Mood;
  summary: string;
  notes: string;
  incoming: string;
  /** One next step per group of open pages: `alert:<name>` for a storm of one alert, `page:<id>` for a page alone. */
  nextSteps: Record<string, string>;
}

/** The next-step fields: one per alert with several open pages (a storm), one per page otherwise. */
function stepFields(report: HandoffReport): { key: string; target: { alertName: string } | { pageId: string }; pages: OpenPageItem[] }[] {
  return openPageGroups(report).map(({ alertName, pages }) =>
    pages.length > 1 ? { key: `alert:${alertName}`, target: { alertName }, pages } : { key: `page:${pages[0].pageId}`, target: { pageId: pages[0].pageId }, pages },
  );
}

function draftOf(report: HandoffReport): Draft {
  return {
    mood: report.header.summary.mood,
    summary: report.header.summary.text,
    notes: report.notesForNext,
    incoming: report.header.incoming,
    nextSteps: Object.fromEntries(stepFields(report).map((f) => [f.key, sharedNextStep(f.pages) ?? ''])),
  };
}

/** The report with the user's unsaved edits applied: what the export will say once they are saved. */
function withDraft(report: HandoffReport, d: Draft): HandoffReport {
  const fresh = draftOf(report);
  const edited = new Map<string, string>();
  for (const f of stepFields(report)) {
    if (d.nextSteps[f.key] !== fresh.nextSteps[f.key]) for (const p of f.pages) edited.set(p.pageId, d.nextSteps[f.key] ?? '');
  }
  return {
    ...report,
    header: { ...report.header, incoming: d.incoming, summary: { mood: d.mood, text: d.summary, edited: true } },
    notesForNext: d.notes,
    openPages: report.openPages.map((p) => ({ ...p, nextStep: edited.get(p.pageId) ?? p.nextStep })),
  };
}

export function HandoffView() {
  const zone = useTimeZone();
  const [range, setRange] = useState<HandoffRange>({ kind: 'shift' });
  const { status, setStatus, run: runWithStatus } = useStatus();

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
      for (const { key, target } of stepFields(report)) {
        const text = draft.nextSteps[key] ?? '';
        if ((before.nextSteps[key] ?? '') !== text) calls.push(api.editHandoff({ draftId, nextStep: { ...target, text } }));
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

  const run = (what: string, action: () => Promise<string>) =>
    runWithStatus(what, async () => {
      await saveEdits();
      return action();
    });

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
      <HandoffAcceptance />
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
                <label className="handoff-summary-text">
                  <span>Summary</span>
                  <textarea rows={3} value={draft.summary} maxLength={500} onChange={(e) => setDraft({ ...draft, summary: e.target.value })} />
                </label>
              </div>
              <label>
                <span>Handing over to</span>
                <input value={draft.incoming} maxLength={200} placeholder="the next on-call" onChange={(e) => setDraft({ ...draft, incoming: e.target.value })} />
              </label>
              {report.openPages.length > 0 ? <h3>Next steps for what is still open</h3> : null}
              {stepFields(report).map(({ key, target, pages }) => {
                const [first] = pages;
                const name = 'alertName' in target ? target.alertName : first.title;
                const differs = pages.length > 1 && sharedNextStep(pages) === null;
                return (
                  <label key={key}>
                    <span>
                      <SeverityBadge severity={first.severity} /> {name}
                      {pages.length > 1 ? <span className="muted"> · {pages.length} open pages</span> : null}
                      {first.handedOverBy ? <span className="muted"> · handed over by {first.handedOverBy}</span> : null}
                    </span>
                    <input
                      aria-label={pages.length > 1 ? `Next step for the ${pages.length} ${name} pages` : `Next step for ${name}`}
                      value={draft.nextSteps[key] ?? ''}
                      maxLength={4096}
                      placeholder={differs ? 'Each page has its own next step; writing here sets one for all' : 'What the next on-call should do'}
                      onChange={(e) => setDraft({ ...draft, nextSteps: { ...draft.nextSteps, [key]: e.target.value } })}
                    />
                  </label>
                );
              })}
              <label>
                <span>Notes for the next on-call</span>
                <textarea rows={4} value={draft.notes} onChange={(e) => setDraft({ ...draft, notes: e.target.value })} />
              </label>
            </form>
            <HandoffBriefing report={report} onSaved={built.reload} />
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
                      return `Handed over ${draft.incoming ? `to ${draft.incoming} ` : ''}at ${formatDateTime(sent.sentAt, zone)}.${sent.delivery ? ` ${sent.delivery.message}` : ''}`;
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
            <HandoffRepository />
            <HandoffChat range={range} />
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

function LastSent({ draftId, zone }: { draftId: string; zone: string }) {
  const lastSent = useStore((s) => s.state?.handoff?.lastSent ?? null);
  if (!lastSent || lastSent.draftId !== draftId) return <span className="muted small">Not handed over yet.</span>;
  return (
    <span className="muted small">
      Handed over{lastSent.to ? ` to ${lastSent.to}` : ''} at {formatDateTime(lastSent.at, zone)}.
      {lastSent.acceptedBy && lastSent.acceptedAt ? <strong> Accepted by {lastSent.acceptedBy} at {formatDateTime(lastSent.acceptedAt, zone)}.</strong> : null}
      {lastSent.incomingVerifiedAt ? ` Incoming verified alerting at ${formatDateTime(lastSent.incomingVerifiedAt, zone)}.` : null}
    </span>
  );
}
