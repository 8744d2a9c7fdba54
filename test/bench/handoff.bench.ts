import { buildHandoff, HandoffSettingsSchema, renderHtml, renderMarkdown } from '../../shared/handoff';
import { JOURNAL_VERSION } from '../../shared/events';
import { parseRecord, type JournalRecord } from '../../shared/records';
import { generateWeek, WEEK_END, WEEK_START } from '../helpers/handoff-week';
import { percentile, progress, round, type Benchmark } from './metric';

/** A 7-day shift (across the end of summer time) with 5,000 journal events, exported from records to text. */
function weekOf5000(): JournalRecord[] {
  // ~2.8 events per page: 1,800 pages give a little over 5,000; thin them evenly to exactly 5,000
  // so the events still span the whole week.
  const events = generateWeek(11, 1800).events;
  if (events.length < 5000) throw new Error(`only ${events.length} events generated`);
  const stride = events.length / 5000;
  const kept = Array.from({ length: 5000 }, (_, i) => events[Math.floor(i * stride)]);
  return kept.map((e, i) => parseRecord({ v: JOURNAL_VERSION, seq: i + 1, ts: new Date(e.at).toISOString(), type: e.type, data: e.data }));
}

function measure(records: JournalRecord[], render: typeof renderMarkdown | typeof renderHtml): number[] {
  const samples: number[] = [];
  for (let i = 0; i < 25; i++) {
    const started = performance.now();
    const report = buildHandoff({
      records,
      window: { start: WEEK_START, end: WEEK_END, timeZone: 'Europe/Berlin' },
      now: WEEK_END + 3600_000,
      scheduleId: 'payments-primary',
      scheduleName: 'Payments primary',
      outgoing: 'Alice Example',
      incoming: 'Bob Example',
      settings: HandoffSettingsSchema.parse({}),
    });
    const text = render(report);
    if (text.length === 0) throw new Error('empty export');
    if (i >= 3) samples.push(performance.now() - started); // the first runs warm the JIT
  }
  return samples;
}

export const benchmarks: Benchmark[] = [
  {
    metrics: ['handoff.export_md_5000', 'handoff.export_html_5000'],
    async run(emit) {
      const records = weekOf5000();
      progress(`handoff: ${records.length} events from ${records[0].ts} to ${records.at(-1)?.ts}`);
      const md = measure(records, renderMarkdown);
      progress(`markdown export p50 ${percentile(md, 50).toFixed(1)} ms, p95 ${percentile(md, 95).toFixed(1)} ms`);
      emit({ metric: 'handoff.export_md_5000', value: round(percentile(md, 50)), unit: 'ms', budget: 200, better: 'lower' });
      const html = measure(records, renderHtml);
      progress(`html export p50 ${percentile(html, 50).toFixed(1)} ms, p95 ${percentile(html, 95).toFixed(1)} ms`);
      emit({ metric: 'handoff.export_html_5000', value: round(percentile(html, 50)), unit: 'ms', budget: 1000, better: 'lower' });
    },
  },
];
