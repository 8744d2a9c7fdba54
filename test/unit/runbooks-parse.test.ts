import { describe, expect, it } from 'vitest';
import { decodeRunbook, htmlToRunbook, isLoginPage, looksBinary, parseMarkdown, rawRunbookUrl, RefusedError } from '../../electron/runbooks/parse';
import { makeSnippet } from '../../electron/runbooks/search/snippet';
import { pickKeywords } from '../../electron/runbooks/search/keywords';
import { alertKey } from '../../shared/runbooks';

describe('runbook links', () => {
  it('maps GitHub and GitLab blob pages to the raw file', () => {
    expect(rawRunbookUrl('https://github.com/acme/runbooks/blob/main/alerts/KubePodCrashLooping.md')).toBe(
      'https://raw.githubusercontent.com/acme/runbooks/main/alerts/KubePodCrashLooping.md',
    );
    expect(rawRunbookUrl('https://gitlab.com/acme/sre/runbooks/-/blob/main/disk-full.md#mitigate')).toBe(
      'https://gitlab.com/acme/sre/runbooks/-/raw/main/disk-full.md',
    );
    expect(rawRunbookUrl('https://gitlab.example.com/ops/rb/-/blob/prod/etcd.md')).toBe('https://gitlab.example.com/ops/rb/-/raw/prod/etcd.md');
    expect(rawRunbookUrl('https://wiki.example.com/runbooks/disk#top')).toBe('https://wiki.example.com/runbooks/disk');
  });

  it('matches alert names however they are written', () => {
    expect(alertKey('KubePodCrashLooping.md')).toBe('kubepodcrashlooping');
    expect(alertKey('kube-pod-crash-looping')).toBe('kubepodcrashlooping');
    expect(alertKey('kube_pod_crashlooping.markdown')).toBe('kubepodcrashlooping');
  });
});

describe('bad input', () => {
  it('refuses files over the size cap and binary files, and replaces invalid UTF-8 with a warning', () => {
    expect(() => decodeRunbook(new Uint8Array(10 * 1024 * 1024))).toThrow(RefusedError);
    expect(() => decodeRunbook(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0x01]))).toThrow('a binary file, not text');
    expect(looksBinary(Buffer.from('# Plain\n\ttabbed\r\n'))).toBe(false);
    const { text, warnings } = decodeRunbook(Buffer.from([0xef, 0xbb, 0xbf, 0x23, 0x20, 0x41, 0xff, 0x0d, 0x0a]));
    expect(text).toBe('# A\uFFFD\n');
    expect(warnings).toHaveLength(1);
  });

  it('keeps going when the front matter is not YAML, and does not expand alias bombs', () => {
    const broken = parseMarkdown('---\ntitle: [unclosed\n---\n# Real title\n', 'file');
    expect(broken.title).toBe('Real title');
    expect(broken.warnings[0]).toMatch(/front matter is not valid YAML/);
    const bomb = `---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n# Bomb\n`;
    const parsed = parseMarkdown(bomb, 'bomb');
    expect(parsed.title).toBe('Bomb');
    expect(parsed.frontMatter).toEqual([]);
  });

  it('recognises a sign-in page and reduces a real HTML page to escaped text', () => {
    expect(isLoginPage('<html><head><title>Log in - Confluence</title></head><body></body></html>')).toBe(true);
    expect(isLoginPage('<form><input type="password" name="p"></form>')).toBe(true);
    expect(() => htmlToRunbook('<title>Sign in</title>', 'https://wiki.example.com/x')).toThrow(/sign-in page/);
    const md = htmlToRunbook('<title>Disk *full*</title><h2>Steps</h2><p>Run <code>du</code> &lt;script&gt;</p><script>alert(1)</script>', 'https://wiki.example.com/x');
    expect(md).toContain('# Disk \\*full\\*');
    expect(md).toContain('\\<script\\>');
    expect(md).not.toContain('alert(1)');
  });
});

describe('front matter, headings and alert names', () => {
  it('reads title, service, team and declared alerts, and skips headings inside code', () => {
    const parsed = parseMarkdown(
      '---\ntitle: Disk full\nalerts: [NodeFilesystemAlmostOutOfSpace, NodeFilesystemFull]\nservice: Storage\nteam: SRE\n---\n# Disk\n```sh\n# not a heading\n```\n## Mitigate ##\n',
      'disk-full',
    );
    expect(parsed).toMatchObject({
      title: 'Disk full',
      headings: ['Disk', 'Mitigate'],
      alerts: ['diskfull', 'nodefilesystemalmostoutofspace', 'nodefilesystemfull'],
      service: 'storage',
      team: 'sre',
    });
    expect(parsed.markdown.startsWith('# Disk')).toBe(true);
  });
});

describe('search helpers', () => {
  it('returns snippets as marked segments around the first match, never markup', () => {
    const segments = makeSnippet('# Title\n\n- [ ] Check <b>the</b> **etcd** quorum before restarting etcd members.\n', ['etcd']);
    expect(segments.filter((s) => s.mark).map((s) => s.text)).toEqual(['etcd', 'etcd']);
    expect(segments.map((s) => s.text).join('')).toBe('Title Check <b>the</b> etcd quorum before restarting etcd members.');
  });

  it('keeps distinctive body words as keywords and sends common ones to the short lists', () => {
    const df = new Map([
      ['restart', 900],
      ['check', 950],
      ['zookeeper', 3],
      ['quorum', 40],
    ]);
    const picked = pickKeywords('Restart restart check zookeeper quorum zookeeper', { docs: 1000, df });
    expect(picked.keywords).toEqual(['zookeeper', 'quorum']);
    expect(picked.common.map(([term]) => term).sort()).toEqual(['check', 'restart']);
  });
});
