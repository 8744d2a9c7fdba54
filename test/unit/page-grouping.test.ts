import { describe, expect, it } from 'vitest';
import type { Page } from '../../shared/pages';
import { groupPages, mostUrgentUnacknowledged, nextUnacknowledged, rowsOf, titleInGroup } from '../../renderer/features/pages/grouping';

let n = 0;
function page(over: Partial<Page> & { alertname?: string; pod?: string }): Page {
  n++;
  const { alertname, pod, ...rest } = over;
  return {
    id: `p${n}`,
    sourceId: 'webhook',
    sourceName: 'k8s-am',
    kind: 'alertmanager',
    dedupKey: `k${n}`,
    title: alertname ? `${alertname}: ${pod ?? n} restarts` : `page ${n}`,
    severity: 'warning',
    labels: { ...(alertname ? { alertname } : {}), ...(pod ? { pod, namespace: 'shop' } : {}) },
    annotations: {},
    startsAt: '2026-11-30T02:58:00.000Z',
    receivedAt: `2026-11-30T03:00:${String(n).padStart(2, '0')}.000Z`,
    status: 'triggered',
    fired: 1,
    ...rest,
  };
}

describe('pages grouped by alert name and source', () => {
  const crit = page({ title: 'Database down', severity: 'critical', sourceName: 'cron', kind: 'generic' });
  const loops = ['api-1', 'api-2', 'api-3'].map((pod) => page({ alertname: 'KubePodCrashLooping', pod }));
  const other = page({ alertname: 'KubePodCrashLooping', pod: 'api-9', sourceName: 'eu-am' });
  const acked = page({ alertname: 'NodeMemoryHigh', severity: 'high', status: 'acknowledged' });
  const groups = groupPages([...loops, acked, other, crit]);

  it('groups by alert name and source, ordered by their most urgent page (unacknowledged, severity, newest), with counts', () => {
    expect(groups.map((g) => [g.name, g.source, g.pages.length, g.unacknowledged])).toEqual([
      ['Database down', 'cron', 1, 1],
      ['KubePodCrashLooping', 'eu-am', 1, 1],
      ['KubePodCrashLooping', 'k8s-am', 3, 3],
      ['NodeMemoryHigh', 'k8s-am', 1, 0],
    ]);
    expect(groups[2].pages.map((p) => p.labels.pod)).toEqual(['api-3', 'api-2', 'api-1']);
  });

  it('lists a group of one as its page alone, and a collapsed group as its header alone', () => {
    const open = rowsOf(groups, new Set());
    expect(open.map((r) => r.kind)).toEqual(['page', 'page', 'group', 'page', 'page', 'page', 'page']);
    const folded = rowsOf(groups, new Set([groups[2].key]));
    expect(folded.map((r) => r.key)).toEqual([`page:${crit.id}`, `page:${other.id}`, `group:${groups[2].key}`, `page:${acked.id}`]);
  });

  it('selects the most urgent unacknowledged page, and after an ack the next one, skipping those on their way, wherever the acted-on row sits', () => {
    expect(mostUrgentUnacknowledged([acked, ...loops, crit])?.id).toBe(crit.id);
    const rows = rowsOf(groups, new Set());
    expect(nextUnacknowledged(rows, new Set([crit.id]))?.key).toBe(`page:${other.id}`);
    // An expanded group's header is passed over for its pages; pages being acknowledged are skipped.
    expect(nextUnacknowledged(rows, new Set([crit.id, other.id, loops[2].id]))?.key).toBe(`page:${loops[1].id}`);
    // Wherever the acted-on row sits: the most urgent one left, even above it (a page that arrived since).
    expect(nextUnacknowledged(rows, new Set([loops[2].id]))?.key).toBe(`page:${crit.id}`);
    // A collapsed group stands for its pages; says so when nothing is left.
    expect(nextUnacknowledged(rowsOf(groups, new Set([groups[2].key])), new Set([crit.id, other.id]))?.key).toBe(`group:${groups[2].key}`);
    expect(nextUnacknowledged(rows, new Set([crit.id, other.id, ...loops.map((p) => p.id)]))).toBeUndefined();
  });

  it('reads a page in its group by what tells it apart, then its title without the group name', () => {
    expect(titleInGroup(loops[0], groups[2])).toBe('api-1 — api-1 restarts');
    expect(titleInGroup(crit, null)).toBe('Database down');
  });
});
