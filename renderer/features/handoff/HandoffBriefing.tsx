import { useState } from 'react';
import { api, errorMessage } from '../../api';
import type { HandoffReport } from '../../../shared/handoff';
import { IDLE, StatusLine, type Status } from '../../ui/StatusLine';

type Field = 'recentChanges' | 'maintenance' | 'escalateTo' | 'recovery';
const FIELDS: { key: Field; label: string; hint: string; rows: number }[] = [
  { key: 'recentChanges', label: 'Recent changes and deploys', hint: 'What changed, with links (deploys, PRs, change tickets)', rows: 3 },
  { key: 'maintenance', label: 'Upcoming maintenance', hint: 'Windows, migrations, expected noise', rows: 2 },
  { key: 'escalateTo', label: 'Who to escalate to', hint: 'People or channels, in order', rows: 2 },
];

const fieldsOf = (report: HandoffReport): Record<Field, string> => ({
  recentChanges: report.briefing?.recentChanges ?? '',
  maintenance: report.briefing?.maintenance ?? '',
  escalateTo: report.briefing?.escalateTo ?? '',
  recovery: report.briefing?.recovery ?? '',
});

/** What handoff guides ask the outgoing to brief, saved with the draft when a field is left; after a rough shift, a word on recovery. */
export function HandoffBriefing({ report, onSaved }: { report: HandoffReport; onSaved: () => void }) {
  const [edited, setEdited] = useState<{ id: string; values: Record<Field, string> } | null>(null);
  const [status, setStatus] = useState<Status>(IDLE);
  const values = edited?.id === report.id ? edited.values : fieldsOf(report);
  const saved = fieldsOf(report);

  const save = async (key: Field) => {
    if (values[key] === saved[key]) return;
    setStatus({ kind: 'busy', what: 'Saving' });
    try {
      await api.editHandoff({ draftId: report.id, [key]: values[key] });
      setStatus({ kind: 'done', message: 'Saved with the draft.' });
      onSaved();
    } catch (error) {
      setStatus({ kind: 'error', message: `Not saved: ${errorMessage(error)}` });
    }
  };
  const field = (key: Field, label: string, rows: number, hint?: string) => (
    <label key={key}>
      <span>{label}</span>
      <textarea
        rows={rows}
        value={values[key]}
        placeholder={hint}
        maxLength={key === 'escalateTo' || key === 'recovery' ? 4096 : 16 * 1024}
        onChange={(e) => setEdited({ id: report.id, values: { ...values, [key]: e.target.value } })}
        onBlur={() => void save(key)}
      />
    </label>
  );
  const rough = report.briefing?.roughShift ?? null;

  return (
    <form className="card form handoff-briefing" aria-labelledby="handoff-briefing-title" onSubmit={(e) => e.preventDefault()}>
      <h2 id="handoff-briefing-title">Briefing</h2>
      {FIELDS.map((f) => field(f.key, f.label, f.rows, f.hint))}
      {rough ? (
        <div className="handoff-recovery" role="note">
          <p>
            <strong>A rough shift</strong> ({rough}). Plan time to recover, and tell the next on-call and your lead.
          </p>
          {field('recovery', 'Recovery time', 2, 'e.g. starting at 13:00 tomorrow')}
        </div>
      ) : values.recovery ? (
        field('recovery', 'Recovery time', 2)
      ) : null}
      <StatusLine status={status} />
    </form>
  );
}
