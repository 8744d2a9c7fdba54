import { afterEach, describe, expect, it } from 'vitest';
import { wire, type Envelope } from '../../shared/contract';
import { pageLink } from '../../shared/links';
import { bootBuiltApp, ROOT, type BootedApp } from './stand-in/boot';
import { until } from '../helpers/wait';

let booted: BootedApp | null = null;
afterEach(async () => {
  await booted?.quit();
  booted = null;
});

const navigations = (app: BootedApp) => app.control.record.sent.filter((m) => m.channel === wire.event('navigate')).map((m) => m.args[0]);

async function boot(options: Parameters<typeof bootBuiltApp>[0] = {}): Promise<BootedApp> {
  booted = await bootBuiltApp(options);
  await until('the main window to show', () => booted!.control.windows()[0]?.isVisible());
  return booted;
}

describe('baton:// links, through the edge of the built app', () => {
  it('registers itself as the handler of baton:// (from a checkout: Electron with the app folder)', async () => {
    const app = await boot({ argv: [process.execPath, ROOT] });
    expect(app.control.record.protocolClients).toEqual([{ protocol: 'baton', path: process.execPath, args: [ROOT] }]);
  });

  it('Windows and Linux: a link in a second start opens it in the running Baton; a bad one is refused with a notice', async () => {
    const app = await boot();
    const window = app.control.windows()[0];
    window.hide();
    app.control.launchSecondInstance([process.execPath, '--allow-file-access-from-files', pageLink('am:0123456789abcdef')]);
    await until('the window to go to the page', () => navigations(app).length > 0);
    expect(navigations(app)).toEqual([{ view: 'pages', id: 'am:0123456789abcdef' }]);
    expect(window.isVisible()).toBe(true);

    app.control.launchSecondInstance([process.execPath, 'baton://runbook/folder%3Aabc%2Fcheckout.md']);
    app.control.launchSecondInstance([process.execPath, 'baton://handoff']);
    await until('two more navigations', () => navigations(app).length === 3);
    expect(navigations(app).slice(1)).toEqual([{ view: 'runbooks', id: 'runbook:folder:abc/checkout.md' }, { view: 'handoff' }]);

    app.control.launchSecondInstance([process.execPath, 'baton://settings/../../etc/passwd']);
    const state = await until('the notice', async () => {
      const answer = (await app.module.ipcMain.invoke(window.webContents, window.webContents.mainFrame, wire.request('getState'))) as Envelope<{ notices: { id: string; message: string }[] }>;
      return answer.ok && answer.value.notices.find((n) => n.id === 'link-refused');
    });
    expect(state.message).toBe('Baton could not open that link: Baton has no "settings" to open.');
    expect(navigations(app)).toHaveLength(3);
  });

  it('macOS: open-url opens the link (and is taken, so macOS does not look further)', async () => {
    const app = await boot();
    expect(app.control.openUrl('baton://pages?source=payments-am')).toBe(true);
    await until('the window to go to Pages', () => navigations(app).length > 0);
    expect(navigations(app)).toEqual([{ view: 'pages', id: 'source:payments-am' }]);
  });

  it('a link that starts Baton is opened once the window can show it', async () => {
    const app = await boot({ argv: [process.execPath, ROOT, 'baton://shift'] });
    await until('the window to go to Shift', () => navigations(app).length > 0);
    expect(navigations(app)).toEqual([{ view: 'shift' }]);
  });
});
