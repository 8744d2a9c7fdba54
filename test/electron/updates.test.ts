import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { wire, type Envelope } from '../../shared/contract';
import type { UpdateState } from '../../shared/desktop';
import { bootBuiltApp, ROOT, type BootedApp } from './stand-in/boot';
import { tempDir } from '../helpers/services';
import { until } from '../helpers/wait';

const builder = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as { publish: { provider: string; url: string }[] | { provider: string; url: string } };
const publish = Array.isArray(builder.publish) ? builder.publish[0] : builder.publish;
const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A team's update feed: electron-builder's latest-linux.yml and the AppImage it names, on 127.0.0.1. */
async function startFeed(files: Record<string, Buffer | string>) {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    // electron-updater adds ?noCache=… to the feed's URL: a static server ignores it.
    const file = new URL(request.url ?? '/', 'http://feed').pathname;
    requests.push(file);
    const body = files[file.slice(1)];
    if (body === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('updates: electron-updater against a generic feed, through the built app and the stand-in', () => {
  let app: BootedApp | null = null;
  let feed: Awaited<ReturnType<typeof startFeed>> | null = null;
  const previous = { appimage: process.env.APPIMAGE, cache: process.env.XDG_CACHE_HOME };
  afterEach(async () => {
    await app?.quit();
    await feed?.close();
    app = feed = null;
    for (const [key, value] of [['APPIMAGE', previous.appimage], ['XDG_CACHE_HOME', previous.cache]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const state = async (booted: BootedApp) => {
    const window = booted.control.windows()[0];
    const answer = (await booted.module.ipcMain.invoke(window.webContents, window.webContents.mainFrame, wire.request('getState'))) as Envelope<{ desktop?: { updates?: UpdateState } }>;
    return answer.ok ? answer.value.desktop?.updates : undefined;
  };

  it('the feed is a generic one configured in electron-builder.yml (a team can host the files anywhere)', () => {
    expect(publish.provider).toBe('generic');
    expect(publish.url).toMatch(/^https:\/\//);
  });

  it('an installed AppImage checks on demand, downloads the newer version in the background, and installs it when Baton quits, without restarting', async () => {
    // The new "AppImage": when run after the install (APPIMAGE_EXIT_AFTER_INSTALL, as electron-updater does), it leaves a mark and exits.
    const dir = tempDir('baton-update-');
    const ran = path.join(dir, 'new-version-ran');
    const appImage = Buffer.from(`#!/bin/sh\necho "$APPIMAGE_EXIT_AFTER_INSTALL" > '${ran}'\n`);
    const sha512 = crypto.createHash('sha512').update(appImage).digest('base64');
    const latest = { version: '99.0.0', files: [{ url: 'Baton-99.0.0.AppImage', sha512, size: appImage.length }], path: 'Baton-99.0.0.AppImage', sha512, releaseDate: '2026-11-20T09:00:00.000Z' };
    feed = await startFeed({ 'latest-linux.yml': stringify(latest), 'Baton-99.0.0.AppImage': appImage });

    // What electron-builder writes into resources/ from `publish` (with the team's address here) and what the AppImage runtime sets.
    const resources = path.join(dir, 'resources');
    fs.mkdirSync(resources);
    fs.writeFileSync(path.join(resources, 'app-update.yml'), stringify({ provider: publish.provider, url: feed.url, updaterCacheDirName: 'baton-updater' }));
    const installed = path.join(dir, 'Baton.AppImage');
    fs.writeFileSync(installed, 'the running version', { mode: 0o755 });
    process.env.APPIMAGE = installed;
    process.env.XDG_CACHE_HOME = path.join(dir, 'cache');

    app = await bootBuiltApp({ isPackaged: true, resourcesPath: resources });
    await until('the main window', () => app!.control.windows()[0]?.isVisible());
    expect(await state(app)).toEqual({ status: 'idle', current: version });

    const window = app.control.windows()[0];
    const checked = (await app.module.ipcMain.invoke(window.webContents, window.webContents.mainFrame, wire.request('checkForUpdates'))) as Envelope<UpdateState>;
    expect(checked.ok).toBe(true);
    const ready = await until(() => `the update to be downloaded: ${fs.readFileSync(path.join(app!.userData, 'baton.log'), 'utf8').split('\n').filter((l) => /updat/i.test(l)).join('\n')} ${JSON.stringify(app!.control.record.netRequests)}`, async () => {
      const now = await state(app!);
      return now?.status === 'ready' && now;
    });
    expect(ready).toMatchObject({ status: 'ready', current: version, available: '99.0.0', percent: 100 });
    expect(feed.requests).toEqual(expect.arrayContaining(['/latest-linux.yml', '/Baton-99.0.0.AppImage']));
    // Downloaded, not installed, and no restart: the running version is untouched while Baton runs.
    expect(fs.readFileSync(installed, 'utf8')).toBe('the running version');
    expect(app.control.record.relaunched).toBe(0);
    expect(app.control.record.quit).toBe(false);

    await app.quit();
    app = null;
    // Installed as Baton quit: the AppImage replaced, run once to finish installing, and not started again.
    expect(fs.readFileSync(installed)).toEqual(appImage);
    expect(fs.readFileSync(ran, 'utf8').trim()).toBe('true');
  });

  it('a copy that cannot replace itself says why, and checks nothing', async () => {
    delete process.env.APPIMAGE;
    app = await bootBuiltApp({ isPackaged: true, resourcesPath: tempDir('baton-resources-') });
    await until('the main window', () => app!.control.windows()[0]?.isVisible());
    expect(await state(app)).toEqual({ status: 'off', current: version, reason: expect.stringMatching(/not an AppImage or a \.deb install/) });
    expect(app.control.record.netRequests).toEqual([]);
  });
});
