import { describe, expect, it } from 'vitest';
import { PAGE_LIMITS, alertSizeProblem, trimAlert } from '../../shared/page-limits';
import { ApiAlertSchema, fromApiAlert } from '../../electron/pages/normalise';

const L = PAGE_LIMITS;

function many(n: number, value = 'v', prefix = 'l'): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`${prefix}${i}`] = value;
  return out;
}

function apiAlert(labels: Record<string, string>, annotations: Record<string, string> = {}) {
  return ApiAlertSchema.parse({
    labels,
    annotations,
    startsAt: '2026-11-20T08:00:00.000Z',
    fingerprint: 'aaaabbbbccccdddd',
    status: { state: 'active' },
  });
}

describe('page size limits', () => {
  it('accepts an alert at every limit and names the limit one past it', () => {
    expect(alertSizeProblem(many(L.labelsPerAlert), many(L.annotationsPerAlert))).toBeNull();
    expect(alertSizeProblem(many(40_000), {})).toBe(`labels: 40000 labels, the limit is ${L.labelsPerAlert}`);
    expect(alertSizeProblem({}, many(L.annotationsPerAlert + 1))).toBe(`annotations: ${L.annotationsPerAlert + 1} annotations, the limit is ${L.annotationsPerAlert}`);
    expect(alertSizeProblem({ ['n'.repeat(L.nameChars + 1)]: 'x' }, {})).toBe(`labels: a name of ${L.nameChars + 1} characters, the limit is ${L.nameChars}`);
    expect(alertSizeProblem({ ['n'.repeat(L.nameChars)]: 'x' }, {})).toBeNull();
    expect(alertSizeProblem({ instance: 'x'.repeat(L.labelValueChars + 1) }, {})).toBe(
      `labels."instance": a value of ${L.labelValueChars + 1} characters, the limit is ${L.labelValueChars}`,
    );
    expect(alertSizeProblem({}, { description: 'x'.repeat(L.annotationValueChars + 1) })).toMatch(
      new RegExp(`^annotations\\."description": a value of ${L.annotationValueChars + 1} characters, the limit is ${L.annotationValueChars}$`),
    );
    // Each value within its own limit, all of them together over the alert's budget.
    const total = alertSizeProblem({}, many(5, 'x'.repeat(L.annotationValueChars), 'a'));
    expect(total).toMatch(new RegExp(`^labels and annotations: \\d+ characters in all, the limit is ${L.alertTextChars}$`));
    // The generic format's word for its annotations.
    expect(alertSizeProblem({}, many(101), 'details')).toBe('details: 101 details, the limit is 100');
  });

  it('leaves an alert within the limits untouched', () => {
    const labels = { alertname: 'DiskFull', severity: 'critical' };
    const annotations = { summary: 'Disk 97% full' };
    const trimmed = trimAlert(labels, annotations);
    expect(trimmed.cut).toEqual([]);
    expect(trimmed.labels).toBe(labels);
    expect(trimmed.annotations).toBe(annotations);
  });

  it('trims a polled alert with 40,000 labels to the limit, keeping the labels that decide the page', () => {
    const labels = { ...many(40_000), alertname: 'LabelBomb', severity: 'critical' };
    const trimmed = trimAlert(labels, { summary: 'boom' });
    expect(Object.keys(trimmed.labels)).toHaveLength(L.labelsPerAlert);
    expect(trimmed.labels).toMatchObject({ alertname: 'LabelBomb', severity: 'critical' });
    expect(trimmed.annotations).toEqual({ summary: 'boom' });
    expect(trimmed.cut).toEqual([`${40_002 - L.labelsPerAlert} of 40002 labels dropped`]);
    expect(alertSizeProblem(trimmed.labels, trimmed.annotations)).toBeNull();
  });

  it('drops an over-long label instead of shortening it (a shortened value would make the ack silence miss the alert)', () => {
    const trimmed = trimAlert({ alertname: 'X', pod: 'p'.repeat(L.labelValueChars + 1), ['n'.repeat(L.nameChars + 1)]: 'v' }, {});
    expect(trimmed.labels).toEqual({ alertname: 'X' });
    expect(trimmed.cut).toEqual(['2 of 3 labels dropped']);
  });

  it('shortens over-long annotations, keeps the summary and runbook first, and stays within the alert budget', () => {
    const annotations = {
      ...many(150, 'x'.repeat(L.annotationValueChars + 10), 'extra'),
      summary: 'Disk 97% full',
      runbook_url: 'https://runbooks.example.com/disk',
    };
    const trimmed = trimAlert({ alertname: 'DiskFull' }, annotations);
    expect(trimmed.annotations.summary).toBe('Disk 97% full');
    expect(trimmed.annotations.runbook_url).toBe('https://runbooks.example.com/disk');
    expect(trimmed.annotations.extra0).toHaveLength(L.annotationValueChars);
    expect(trimmed.annotations.extra0.endsWith('…')).toBe(true);
    expect(alertSizeProblem(trimmed.labels, trimmed.annotations)).toBeNull();
    expect(trimmed.cut.join('; ')).toMatch(/of 152 annotations dropped; \d+ annotation value\(s\) shortened/);
  });

  it('pages a poll result over the limits (trimmed, reported) instead of skipping it', () => {
    // The schema no longer refuses the alert: a skipped poll alert would be a missed page.
    const parsed = apiAlert({ ...many(40_000), alertname: 'LabelBomb' }, { summary: 'x'.repeat(L.annotationValueChars * 2) });
    const cuts: string[][] = [];
    const page = fromApiAlert(parsed, (cut) => cuts.push(cut));
    expect(page.pageId).toBe('am:aaaabbbbccccdddd');
    expect(Object.keys(page.labels)).toHaveLength(L.labelsPerAlert);
    expect(page.title.startsWith('LabelBomb: xxx')).toBe(true);
    expect(page.annotations.summary).toHaveLength(L.annotationValueChars);
    expect(cuts).toEqual([[`${40_001 - L.labelsPerAlert} of 40001 labels dropped`, '1 annotation value(s) shortened']]);

    const ordinary: string[][] = [];
    fromApiAlert(apiAlert({ alertname: 'Fine' }), (cut) => ordinary.push(cut));
    expect(ordinary).toEqual([]);
  });
});
