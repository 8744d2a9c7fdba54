import { describe, expect, it } from 'vitest';
import { HANDOFF_LINK, linkTarget, pageLink, parseBatonLink, runbookLink, sourcePagesLink, UNACKNOWLEDGED_PAGES_LINK } from '../../shared/links';
import { routeFromMain } from '../../renderer/navigation';

describe('baton:// links', () => {
  it('reads what Baton writes, and the window goes where the link says', () => {
    const cases: [string, ReturnType<typeof routeFromMain>][] = [
      [pageLink('am:0123456789abcdef'), { view: 'pages', pageId: 'am:0123456789abcdef' }],
      [sourcePagesLink('payments am/eu'), { view: 'pages', source: 'payments am/eu', unacknowledged: true }],
      [UNACKNOWLEDGED_PAGES_LINK, { view: 'pages', unacknowledged: true }],
      [runbookLink('folder:abc/checkout.md'), { view: 'runbooks', open: { runbookId: 'folder:abc/checkout.md' } }],
      [HANDOFF_LINK, { view: 'handoff' }],
      ['baton://shift', { view: 'shift' }],
      ['baton://pages', { view: 'pages' }],
    ];
    for (const [link, route] of cases) {
      const target = linkTarget(parseBatonLink(link));
      expect(routeFromMain(target.view, target.id), link).toEqual(route);
    }
  });

  it('refuses anything else with the reason', () => {
    expect(() => parseBatonLink('https://example.com/page/x')).toThrow(/not a Baton link \(scheme https:\)/);
    expect(() => parseBatonLink('baton://settings/x')).toThrow(/Baton has no "settings" to open/);
    expect(() => parseBatonLink('baton://page/')).toThrow(/takes one id/);
    expect(() => parseBatonLink('baton://page/a/b')).toThrow(/takes one id/);
    expect(() => parseBatonLink('baton://page/%E0%A4%A')).toThrow(/broken escape/);
    expect(() => parseBatonLink('baton://user:pw@page/x')).toThrow(/no user or port/);
    expect(() => parseBatonLink('baton://handoff/extra')).toThrow(/takes no path/);
    expect(() => parseBatonLink(`baton://page/${'x'.repeat(3000)}`)).toThrow(/not a Baton link/);
    expect(() => parseBatonLink(42)).toThrow(/not a Baton link/);
  });
});
