import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { defaultSkipReason, fileStem, matchesGlob, skipReason, type Layout } from '../../electron/runbooks/layout';
import { parseMarkdown, rewriteShortcodes } from '../../electron/runbooks/parse';
import { destinations, imageType } from '../../electron/runbooks/references';
import { classifyGitLocation, expandHome } from '../../electron/runbooks/locations';
import { headingSlug, linkKind, mailAddress } from '../../shared/runbook-links';
import { htmlText, remarkDetails } from '../../renderer/features/runbooks/details';

const hugo: Layout = { kind: 'hugo', siteRoot: '', contentRoots: ['content'], staticRoots: ['static', 'assets'] };
const plain: Layout = { kind: 'plain', siteRoot: '', contentRoots: [''], staticRoots: [] };

describe('layout rules', () => {
  it('keeps Hugo pages and leaf bundles, leaves out section pages, archetypes, layouts and repository pages', () => {
    expect(defaultSkipReason(hugo, 'content/runbooks/KubePodCrashLooping.md')).toBeNull();
    expect(defaultSkipReason(hugo, 'content/runbooks/NodeDown/index.md')).toBeNull();
    expect(defaultSkipReason(hugo, 'content/runbooks/_index.md')).toMatch(/section page/);
    expect(defaultSkipReason(hugo, 'archetypes/runbook.md')).toMatch(/template/);
    expect(defaultSkipReason(hugo, 'themes/docsy/content/x.md')).toMatch(/themes/);
    expect(defaultSkipReason(hugo, 'docs/notes.md')).toMatch(/outside the Hugo site's content/);
    for (const page of ['README.md', 'content/CONTRIBUTING.md', 'CHANGELOG.markdown', 'LICENSE.md', 'content/runbooks/Code_Of_Conduct.md']) {
      expect(defaultSkipReason(hugo, page), page).toMatch(/repository page/);
    }
    expect(defaultSkipReason(plain, 'runbooks/template.md')).toMatch(/template/);
    expect(defaultSkipReason(plain, 'templates/alert.md')).toMatch(/template/);
    expect(defaultSkipReason(plain, 'alerts/index.md')).toMatch(/section index/);
    expect(defaultSkipReason(plain, 'alerts/TemplateRenderingFailed.md')).toBeNull();
    expect(fileStem('content/runbooks/NodeDown/index.md')).toBe('NodeDown');
    expect(fileStem('KubePodCrashLooping.md')).toBe('KubePodCrashLooping');
  });

  it('matches globs from the source root; a pattern without a slash matches anywhere', () => {
    expect(matchesGlob('content/runbooks/a.md', 'content/**')).toBe(true);
    expect(matchesGlob('content/runbooks/a.md', './content/*/a.md')).toBe(true);
    expect(matchesGlob('content/runbooks/_index.md', '_index.md')).toBe(true);
    expect(matchesGlob('content/runbooks/a.md', 'content/*.md')).toBe(false);
    const patterns = { include: ['content/**'], exclude: ['**/drafts/**'] };
    expect(skipReason(hugo, patterns, 'content/runbooks/_index.md')).toBeNull();
    expect(skipReason(hugo, patterns, 'content/drafts/x.md')).toBe('matched the exclude pattern “**/drafts/**”');
    expect(skipReason(hugo, patterns, 'README.md')).toBe('not matched by the source’s include patterns');
  });
});

describe('site markup', () => {
  it('rewrites ref/relref shortcodes to paths and drops other shortcode tags, but not inside code', () => {
    const md = [
      'See [x]({{< ref "./Other.md" >}}), [y]({{< relref "/runbooks/a b.md#fix" >}}), [z]({{% ref path="z.md" %}}), [w]({{<ref Bare>}}).',
      '{{< hint warning >}}',
      'Careful.',
      '{{< /hint >}}',
      '```yaml',
      'value: {{< ref "kept.md" >}}',
      '```',
    ].join('\n');
    expect(rewriteShortcodes(md)).toBe(
      ['See [x](./Other.md), [y](/runbooks/a%20b.md#fix), [z](z.md), [w](Bare).', '', 'Careful.', '', '```yaml', 'value: {{< ref "kept.md" >}}', '```'].join('\n'),
    );
  });

  it('reads TOML front matter and hides layout keys from the metadata', () => {
    const parsed = parseMarkdown('+++\ntitle = "Disk \\"full\\""\nweight = 10\ndraft = false\nalerts = ["NodeFilesystemFull", \'DiskFull\']\nteam = "sre" # owners\n[menu.main]\nparent = "x"\n+++\n# Body\n', 'disk');
    expect(parsed.title).toBe('Disk "full"');
    expect(parsed.frontMatter).toEqual([
      { key: 'title', value: 'Disk "full"' },
      { key: 'alerts', value: 'NodeFilesystemFull, DiskFull' },
      { key: 'team', value: 'sre' },
    ]);
    expect(parsed.alerts).toEqual(['disk', 'nodefilesystemfull', 'diskfull']);
    expect(parsed.markdown).toBe('# Body\n');
  });

  it('finds link and image destinations outside code, and tells images by their bytes', () => {
    expect(destinations('[a](a.md) ![i](img/x.png "t") `[c](code.md)` [w](https://x.example) [m](mailto:a@b) [#](#top)\n\n[ref]: <../b c.md>\n```\n[f](fenced.md)\n```\n')).toEqual([
      'a.md',
      'img/x.png',
      '<../b c.md>',
    ]);
    expect(imageType(Buffer.from('<svg onload="x">'), 'a.png')).toBeNull();
    expect(imageType(Buffer.from('<?xml version="1.0"?>\n<!-- c -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.svg')).toBe('image/svg+xml');
    expect(imageType(Buffer.from('<html><svg></svg></html>'), 'a.svg')).toBeNull();
  });

  it('classifies links the same way for main and the renderer', () => {
    expect(['https://x.example', '#a', 'mailto:a@b.example?subject=x', 'other.md', '../x/y.md', 'javascript:alert(1)', 'C:\\x.md', '//evil.example/x', 'data:text/html,x'].map(linkKind)).toEqual([
      'web', 'anchor', 'mail', 'path', 'path', 'other', 'other', 'other', 'other',
    ]);
    expect(mailAddress('mailto:oncall@example.com?subject=help')).toBe('oncall@example.com');
    expect(headingSlug('Check the API (v2)!')).toBe('check-the-api-v2');
    expect(headingSlug('Mitigate {#fix-it}')).toBe('fix-it');
  });
});

describe('setup paths', () => {
  it('expands ~ and tells remote git URLs from local and relative paths', () => {
    expect(expandHome('~/x.git', '/home/me')).toBe('/home/me/x.git');
    expect(expandHome('~', '/home/me')).toBe('/home/me');
    expect(classifyGitLocation('~/x.git', '/home/me')).toEqual({ kind: 'local', url: '/home/me/x.git' });
    expect(classifyGitLocation('git@github.com:acme/runbooks.git')).toEqual({ kind: 'remote', url: 'git@github.com:acme/runbooks.git' });
    expect(classifyGitLocation('https://github.com/acme/runbooks.git').kind).toBe('remote');
    expect(classifyGitLocation('file:///srv/git/runbooks.git').kind).toBe('local');
    expect(() => classifyGitLocation('runbooks.git')).toThrow(/relative path/);
    expect(() => classifyGitLocation('../runbooks')).toThrow(/relative path/);
    expect(() => classifyGitLocation('--upload-pack=touch /tmp/x')).toThrow(/not allowed/);
  });
});

describe('<details> in runbooks', () => {
  const run = (markdown: string) => {
    const tree = fromMarkdown(markdown);
    remarkDetails()(tree);
    return outline(tree);
  };
  /** The tree as tag names and text, to compare structure. */
  function outline(node: Root | Root['children'][number]): unknown {
    const data = (node as { data?: { hName?: string } }).data;
    const name = data?.hName ?? node.type;
    if ('value' in node && typeof node.value === 'string') return node.type === 'text' ? node.value : `${node.type}:${node.value}`;
    return { [name]: 'children' in node ? node.children.map(outline) : [] };
  }

  it('becomes details with its summary as text and its body as Markdown, nested too', () => {
    expect(run('<details open ontoggle="x()">\n<summary onclick="y()">Why <b>this</b> &amp; that?</summary>\n\n**Body** text\n\n<details><summary>Inner</summary>\n\nDeep\n\n</details>\n\n</details>\n\nAfter\n')).toEqual({
      root: [
        {
          details: [
            { summary: ['Why this & that?'] },
            { paragraph: [{ strong: ['Body'] }, ' text'] },
            { details: [{ summary: ['Inner'] }, { paragraph: ['Deep'] }] },
          ],
        },
        { paragraph: ['After'] },
      ],
    });
  });

  it('keeps a one-line block as text, names a block without summary, and drops HTML that is not the structure', () => {
    expect(run('<details><summary>S</summary>one <img src=x onerror=alert(1)>line</details>\n')).toEqual({ root: [{ details: [{ summary: ['S'] }, { paragraph: ['one line'] }] }] });
    expect(run('<details>\n\nNo summary\n\n</details>\n')).toEqual({ root: [{ details: [{ summary: ['Details'] }, { paragraph: ['No summary'] }] }] });
    expect(run('<div><details><summary>x</summary></details></div>\n')).toEqual({ root: ['html:<div><details><summary>x</summary></details></div>'] });
    expect(htmlText('<script>alert(1)</script>&lt;b&gt;')).toBe('alert(1)<b>');
  });
});
