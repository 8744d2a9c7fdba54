import { describe, expect, it } from 'vitest';
import { sameWord, splitWords, suggestionQuery } from '../../electron/runbooks/suggest';

describe('alert names as words', () => {
  it('splits CamelCase, snake_case, kebab-case, acronyms and digits', () => {
    expect(splitWords('KubeJobNotCompleted')).toEqual(['kube', 'job', 'not', 'completed']);
    expect(splitWords('node_disk_full')).toEqual(['node', 'disk', 'full']);
    expect(splitWords('host-disk-full-soon.md')).toEqual(['host', 'disk', 'full', 'soon']);
    expect(splitWords('HTTPErrorRate5xx')).toEqual(['http', 'error', 'rate', '5', 'xx']);
    expect(splitWords('etcdHighFsyncDurations')).toEqual(['etcd', 'high', 'fsync', 'durations']);
  });

  it('treats words with a common stem as the same, not short or unrelated ones', () => {
    expect(sameWord('completed', 'completion')).toBe(true);
    expect(sameWord('failing', 'failed')).toBe(true);
    expect(sameWord('replicas', 'replica')).toBe(true);
    expect(sameWord('startup', 'start')).toBe(false);
    expect(sameWord('disk', 'disk')).toBe(true);
  });

  it('builds the query from the name’s words and the summary’s, without filler or instance names', () => {
    expect(suggestionQuery('KubeJobNotCompleted', 'Job batch/backup-7d9f is taking more than 12 hours to complete.', 'ignored')).toBe(
      'kube job completed batch backup taking hours complete',
    );
    expect(suggestionQuery(null, null, 'Disk is almost full on db-1')).toBe('disk almost full db');
  });
});
