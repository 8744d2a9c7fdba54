import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, startServices, tempDir, type TestServices } from '../helpers/services';
import { BATON_CLI, folderState, rotationFromToday, runBaton, runCommand } from '../helpers/cli';
import { writeFiles } from '../helpers/runbooks';
import { localApiLocation } from '../../electron/local-api';
import { isEvent } from '../../shared/records';
import { renderMarkdown } from '../../shared/handoff';
import { parse } from 'yaml';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';

/**
 * The built `baton` command (dist/cli/baton.cjs) in a child Node process, against real services in
 * this process (their local API on a real socket), against a stopped one (its data folder only),
 * with a wrong token, and with a socket that is not private.
 */
const started: TestServices[] = [];
async function start(dataDir = tempDir()) {
  const services = await startServices({ dataDir, runbooks: { firstGitSyncMs: 3_600_000, watchDebounceMs: 100 } });
  started.push(services);
  return services;
}
afterEach(async () => {
  for (const s of started.splice(0)) await s.dispose();
});

beforeAll(() => {
  expect(fs.existsSync(BATON_CLI), 'build the command first: node scripts/build.mjs --cli').toBe(true);
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
});

const DAY = 86_400_000;

async function ingestPage(s: TestServices, key: string, title: string) {
  await s.pages.ingest({ id: 'webhook', name: 'cron' }, [
    { pageId: `webhook:${key}`, kind: 'generic', dedupKey: key, title, severity: 'critical', labels: {}, annotations: {}, startsAt: new Date().toISOString(), firing: true },
  ]);
  return `webhook:${key}`;
}

describe('baton against the running services', () => {
  it('adds a note that shows in the Log and the handoff, and a follow-up with owner and due date', async () => {
    const s = await start();
    const note = await runBaton(s.deps.dataDir, ['note', 'restarted api-7, error rate back to normal']);
    expect(note).toMatchObject({ code: 0, stdout: 'Noted.\n' });

    const record = s.journal.records().find((r) => isEvent(r, 'note.added'));
    expect(record?.data).toMatchObject({ text: 'restarted api-7, error rate back to normal', via: 'cli' });
    const log = await call(s, 'queryLog', { offset: 0, limit: 10 });
    expect(log.entries.map((e) => e.text)).toContain('restarted api-7, error rate back to normal');
    const draft = s.handoff.draft({ kind: 'shift' });
    expect(renderMarkdown(draft)).toContain('restarted api-7, error rate back to normal');
    const handoff = await runBaton(s.deps.dataDir, ['handoff', '--md']);
    expect(handoff.code).toBe(0);
    expect(handoff.stdout).toContain('restarted api-7, error rate back to normal');

    const followup = await runBaton(s.deps.dataDir, ['note', 'find why api-7 leaks', '--followup', '--owner', 'Bob', '--due', '2026-12-03']);
    expect(followup).toMatchObject({ code: 0, stdout: 'Follow-up added.\n' });
    expect(s.hub.get().journal?.openFollowups).toEqual([expect.objectContaining({ text: 'find why api-7 leaks', owner: 'Bob', due: '2026-12-03' })]);
    const json = JSON.parse((await runBaton(s.deps.dataDir, ['handoff', '--json'])).stdout);
    expect(json.followups).toEqual([expect.objectContaining({ text: 'find why api-7 leaks', owner: 'Bob' })]);

    const bad = await runBaton(s.deps.dataDir, ['note', 'x', '--due', '2026-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a date/);
  });

  it('status, who and pages as text and as JSON; ack a page by the start of its id', async () => {
    const s = await start();
    await call(s, 'updateSettings', { identity: { name: 'Alice' }, timeZone: 'UTC' });
    await call(s, 'addScheduleSource', { kind: 'rotation', name: 'Primary', rotation: rotationFromToday() });
    const pageId = await ingestPage(s, 'disk-db-1', 'Disk almost full on db-1');

    const status = await runBaton(s.deps.dataDir, ['status', '--json']);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout);
    expect(parsed).toMatchObject({ running: true, onCall: true, openPages: 1, unacknowledged: 1, paused: false, timeZone: 'UTC' });
    expect(Date.parse(parsed.shift.end) - Date.now()).toBeGreaterThan(90 * DAY);
    const text = await runBaton(s.deps.dataDir, ['status']);
    expect(text.stdout).toMatch(/^On call until .* UTC .*Primary/);
    expect(text.stdout).toContain('Disk almost full on db-1');

    const who = JSON.parse((await runBaton(s.deps.dataDir, ['who', 'primary', '--json'])).stdout);
    expect(who.schedules).toEqual([expect.objectContaining({ name: 'Primary', now: expect.objectContaining({ people: ['Alice'] }), next: expect.objectContaining({ people: ['Bob'] }) })]);
    expect((await runBaton(s.deps.dataDir, ['who', 'nope'])).code).toBe(1);

    const pages = JSON.parse((await runBaton(s.deps.dataDir, ['pages', '--json'])).stdout);
    expect(pages).toEqual([expect.objectContaining({ id: pageId, status: 'triggered' })]);

    const ack = await runBaton(s.deps.dataDir, ['ack', 'webhook:disk', '--for', '1h', '-m', 'looking at it']);
    expect(ack.code).toBe(0);
    const acked = s.journal.records().find((r) => isEvent(r, 'page.acknowledged'));
    expect(acked?.data).toMatchObject({ pageId, via: 'cli', comment: 'looking at it' });
    // until is set when the ack is decided, ts when it is recorded a moment later: whole minutes compare.
    expect(Math.round((Date.parse(acked!.data.until!) - Date.parse(acked!.ts)) / 60_000)).toBe(60);
    expect((await runBaton(s.deps.dataDir, ['ack', 'no-such-page'])).code).toBe(1);
  });

  it('ticks a runbook step by number, pauses and resumes notifications', async () => {
    const s = await start();
    const folder = tempDir('baton-runbooks-');
    writeFiles(folder, { 'disk-full.md': '# Disk full\n\n- [ ] Check `df -h` on the host\n- [ ] Delete old **logs** in /var/log\n' });
    await call(s, 'runbookSourceAdd', { kind: 'folder', name: 'Ops', path: folder });
    await s.runbooks.idle();

    const step = await runBaton(s.deps.dataDir, ['step', 'Disk full', '2']);
    expect(step.stderr).toBe('');
    expect(step).toMatchObject({ code: 0 });
    const done = s.journal.records().find((r) => isEvent(r, 'runbook.step.done'));
    expect(done?.data).toMatchObject({ runbookTitle: 'Disk full', step: 'Delete old logs in /var/log', done: true, via: 'cli' });
    expect((await runBaton(s.deps.dataDir, ['step', 'Disk full', '3'])).code).toBe(2);

    expect((await runBaton(s.deps.dataDir, ['pause', '30m'])).code).toBe(0);
    expect(s.pause.isPaused()).toBe(true);
    expect(s.pause.isPaused(Date.now() + 31 * 60_000)).toBe(false);
    expect((await runBaton(s.deps.dataDir, ['resume'])).code).toBe(0);
    expect(s.pause.isPaused()).toBe(false);
    expect((await runBaton(s.deps.dataDir, ['pause', 'soon'])).code).toBe(2);
  });
});

describe('baton while Baton is stopped', () => {
  it('reads status, pages, who and the handoff from the data folder and writes nothing; writes exit with 3', async () => {
    const s = await start();
    await call(s, 'updateSettings', { identity: { name: 'Alice' }, timeZone: 'UTC' });
    await call(s, 'addScheduleSource', { kind: 'rotation', name: 'Primary', rotation: rotationFromToday() });
    await ingestPage(s, 'disk-db-1', 'Disk almost full on db-1');
    await call(s, 'addNote', { text: 'db-1 cleaned up, watching' });
    const dataDir = s.deps.dataDir;
    await s.dispose();
    started.pop();
    const before = folderState(dataDir);

    const status = await runBaton(dataDir, ['status', '--json']);
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/Baton is not running: read from its journal/);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: false, onCall: true, openPages: 1, paused: null });
    const pages = JSON.parse((await runBaton(dataDir, ['pages', '--all', '--json'])).stdout);
    expect(pages.map((p: { title: string }) => p.title)).toEqual(['Disk almost full on db-1']);
    const who = JSON.parse((await runBaton(dataDir, ['who', '--json'])).stdout);
    expect(who).toMatchObject({ running: false, schedules: [expect.objectContaining({ name: 'Primary' })] });
    const handoff = await runBaton(dataDir, ['handoff']);
    expect(handoff.stdout).toContain('db-1 cleaned up, watching');
    expect(handoff.stdout).toContain('Disk almost full on db-1');

    for (const args of [['note', 'written behind the app?'], ['ack', 'webhook:disk-db-1'], ['pause', '10m'], ['resume'], ['step', 'x', '1']]) {
      const run = await runBaton(dataDir, args);
      expect(run.code, args.join(' ')).toBe(3);
      expect(run.stderr).toMatch(/Baton is not running, so .* not/);
    }
    expect(folderState(dataDir)).toEqual(before);
  });

  it('treats a socket left behind by a killed Baton as not running', async () => {
    const dataDir = tempDir();
    const where = localApiLocation(dataDir);
    fs.mkdirSync(where.dir, { mode: 0o700 });
    fs.writeFileSync(where.tokenFile, 'y'.repeat(43), { mode: 0o600 });
    // A socket file nobody listens on, as SIGKILL leaves it.
    const made = spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(where.socket)}, () => process.exit(0))`]);
    expect(made.status).toBe(0);
    expect(fs.lstatSync(where.socket).isSocket()).toBe(true);
    fs.chmodSync(where.socket, 0o600);
    expect((await runBaton(dataDir, ['note', 'hello'])).code).toBe(3);
    expect((await runBaton(dataDir, ['status'])).code).toBe(0);
  });
});

describe('baton and the local API’s guards', () => {
  it('exits with 4 when the token is not the running Baton’s', async () => {
    const s = await start();
    const { tokenFile } = localApiLocation(s.deps.dataDir);
    fs.writeFileSync(tokenFile, 'z'.repeat(43));
    const run = await runBaton(s.deps.dataDir, ['note', 'should not land']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/token is wrong/);
    expect(s.journal.records().some((r) => isEvent(r, 'note.added'))).toBe(false);
  });

  it('exits with 5 and sends nothing when the socket or its folder is open to others or not the user’s', async () => {
    const s = await start();
    const where = localApiLocation(s.deps.dataDir);
    const notes = () => s.journal.records().filter((r) => isEvent(r, 'note.added')).length;

    fs.chmodSync(where.dir, 0o755);
    const openFolder = await runBaton(s.deps.dataDir, ['note', 'x']);
    expect(openFolder).toMatchObject({ code: 5 });
    expect(openFolder.stderr).toMatch(/open to other users \(mode 0755\)/);
    fs.chmodSync(where.dir, 0o700);

    fs.chmodSync(where.socket, 0o666);
    expect((await runBaton(s.deps.dataDir, ['status'])).code).toBe(5);
    fs.chmodSync(where.socket, 0o600);

    fs.chmodSync(where.tokenFile, 0o644);
    expect((await runBaton(s.deps.dataDir, ['status'])).code).toBe(5);
    fs.chmodSync(where.tokenFile, 0o600);

    // Another user's socket: as root the test hands it to "nobody" (uid 65534); a plain user cannot chown.
    if (process.getuid?.() === 0) {
      fs.chownSync(where.socket, 65534, 65534);
      const foreign = await runBaton(s.deps.dataDir, ['note', 'x']);
      expect(foreign.code).toBe(5);
      expect(foreign.stderr).toMatch(/belongs to another user \(uid 65534/);
      fs.chownSync(where.socket, 0, 0);
    }
    expect(notes()).toBe(0);
    expect((await runBaton(s.deps.dataDir, ['note', 'now it may'])).code).toBe(0);
    expect(notes()).toBe(1);
  });

  it('exits with 2 on a usage error and 0 for help', async () => {
    const s = await start();
    expect((await runBaton(s.deps.dataDir, ['bogus'])).code).toBe(2);
    expect((await runBaton(s.deps.dataDir, ['status', '--nope'])).code).toBe(2);
    expect((await runBaton(s.deps.dataDir, ['--help'])).code).toBe(0);
  });
});

describe('shell completion', () => {
  it('completes commands and options in bash, zsh and fish', async () => {
    const dataDir = tempDir();
    const scripts = Object.fromEntries(
      await Promise.all(['bash', 'zsh', 'fish'].map(async (shell) => [shell, (await runBaton(dataDir, ['completion', shell])).stdout] as const)),
    );
    const dir = tempDir('baton-completion-');
    for (const [shell, script] of Object.entries(scripts)) fs.writeFileSync(path.join(dir, `baton.${shell}`), script);

    const bash = spawnSync('bash', ['-c', `source ${dir}/baton.bash; COMP_WORDS=(baton st); COMP_CWORD=1; _baton; echo "\${COMPREPLY[@]}"; COMP_WORDS=(baton note --f); COMP_CWORD=2; _baton; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    expect(bash.stdout.split('\n')).toEqual(['status step', '--followup', '']);

    const fish = spawnSync('fish', ['-c', `source ${dir}/baton.fish; complete -C 'baton pa'; complete -C 'baton pages --'`], { encoding: 'utf8' });
    expect(fish.stdout).toMatch(/^pages\t/m);
    expect(fish.stdout).toMatch(/^pause\t/m);
    expect(fish.stdout).toMatch(/^--all\t/m);

    // zsh: load the function as compinit would, and ask the completion system through zpty-free introspection.
    const zsh = spawnSync('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -d ${dir}/zcompdump; source ${dir}/baton.zsh; print -r -- $_comps[baton]`], { encoding: 'utf8' });
    expect(zsh.stdout.trim()).toBe('_baton');
    const syntax = spawnSync('zsh', ['-n', `${dir}/baton.zsh`], { encoding: 'utf8' });
    expect(syntax.status).toBe(0);
  });

  it('completes the page of baton ack with the open page ids, from the running Baton and from its journal', async () => {
    const s = await start();
    const dataDir = s.deps.dataDir;
    await ingestPage(s, 'disk-1', 'Disk almost full');
    await ingestPage(s, 'crash-1', 'api is crash looping');
    const dir = tempDir('baton-completion-');
    for (const shell of ['bash', 'zsh', 'fish']) fs.writeFileSync(path.join(dir, `baton.${shell}`), (await runBaton(dataDir, ['completion', shell])).stdout);
    // `baton` on PATH as the user has it: the built command, for this data folder.
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'baton'), `#!/bin/sh\nexec '${process.execPath}' '${BATON_CLI}' "$@"\n`, { mode: 0o755 });
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, BATON_DATA_DIR: dataDir };
    const shell = (file: string, args: string[]) => runCommand(file, args, { env });

    // bash splits words at ':', as it does by default: after "webhook:" it offers what follows.
    const bashAsk = (words: string, line: string) => `COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); COMP_LINE='${line}'; COMP_POINT=\${#COMP_LINE}; _baton; echo "\${COMPREPLY[*]}"`;
    const bashScript = [`source ${dir}/baton.bash`, bashAsk(`baton ack ''`, 'baton ack '), bashAsk('baton ack web', 'baton ack web'), bashAsk('baton ack webhook : di', 'baton ack webhook:di'), bashAsk('baton ack --f', 'baton ack --f')].join('; ');
    const bash = await shell('bash', ['-c', bashScript]);
    const [all, prefixed, afterColon, option] = bash.stdout.split('\n');
    expect(all.split(' ').sort()).toEqual(['webhook:crash-1', 'webhook:disk-1']);
    expect(prefixed.split(' ').sort()).toEqual(['webhook:crash-1', 'webhook:disk-1']);
    expect(afterColon).toBe('disk-1');
    expect(option).toBe('--for');

    const fish = await shell('fish', ['-c', `source ${dir}/baton.fish; complete -C 'baton ack '`]);
    expect(fish.stdout.split('\n').filter((l) => l.startsWith('webhook:')).sort()).toEqual(['webhook:crash-1\topen page', 'webhook:disk-1\topen page']);

    // zsh: the function run with the completion system's words, its compadd standing in to print what it is given.
    const zshScript = `source ${dir}/baton.zsh 2>/dev/null; compadd() { [[ $1 == -a ]] && print -rl -- \${(P)2} }; words=(baton ack ''); CURRENT=3; PREFIX=''; _baton`;
    const zsh = await shell('zsh', ['-f', '-c', zshScript]);
    expect(zsh.stdout.trim().split('\n').sort()).toEqual(['webhook:crash-1', 'webhook:disk-1']);

    // Baton stopped: the ids come from the journal (read-only), and nothing is written.
    await s.dispose();
    started.pop();
    const before = folderState(dataDir);
    const offline = await shell('fish', ['-c', `source ${dir}/baton.fish; complete -C 'baton ack webhook:d'`]);
    expect(offline.stdout.trim()).toBe('webhook:disk-1\topen page');
    expect(folderState(dataDir)).toEqual(before);

    // A Baton that takes the connection and never answers: the ids give up (exit 0, nothing), not hang the Tab key.
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => silent.listen(localApiLocation(dataDir).socket, resolve));
    fs.chmodSync(localApiLocation(dataDir).socket, 0o600);
    try {
      expect(await runBaton(dataDir, ['pages', '--ids'])).toMatchObject({ code: 0, stdout: '' });
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('the packaged launcher', () => {
  it('runs the command from resources/cli through a link on PATH, as the deb installs it', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const builder = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
      extraResources: { from: string; to: string; filter: string[] }[];
      deb: { fpm: string[] };
    };
    // Lay out resources/cli as electron-builder's extraResources would, from the same config.
    const installed = tempDir('baton-installed-');
    for (const entry of builder.extraResources) {
      const to = path.join(installed, 'resources', entry.to);
      fs.mkdirSync(to, { recursive: true });
      for (const name of fs.readdirSync(path.join(root, entry.from))) {
        const wanted = entry.filter.some((f) => (f.startsWith('*') ? name.endsWith(f.slice(1)) : name === f));
        if (wanted) fs.copyFileSync(path.join(root, entry.from, name), path.join(to, name));
      }
    }
    // electron-builder's own schema accepts the config (extraResources, deb.fpm) as written.
    await validateConfiguration(builder as unknown as Configuration, new DebugLogger(false));
    const cli = path.join(installed, 'resources', 'cli');
    expect(fs.readdirSync(cli).sort()).toEqual(['baton', 'baton-mcp.cjs', 'baton-read.cjs', 'baton.cjs', 'baton.cmd']);
    fs.chmodSync(path.join(cli, 'baton'), 0o755);

    const [link, target] = builder.deb.fpm[0].split('=');
    expect(target).toBe('/usr/bin/baton');
    expect(fs.readlinkSync(path.join(root, link))).toBe('/opt/Baton/resources/cli/baton');
    const bin = tempDir('baton-bin-');
    fs.symlinkSync(path.join(cli, 'baton'), path.join(bin, 'baton'));

    const s = await start();
    await call(s, 'addNote', { text: 'from the window' });
    // Asynchronously: the services answering it run in this process.
    const run = await runCommand(path.join(bin, 'baton'), ['--data-dir', s.deps.dataDir, 'note', 'from the launcher'], {
      env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` },
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(s.journal.records().filter((r) => isEvent(r, 'note.added')).map((r) => r.data)).toEqual([
      expect.objectContaining({ text: 'from the window' }),
      expect.objectContaining({ text: 'from the launcher', via: 'cli' }),
    ]);

    const noNode = await runCommand(path.join(bin, 'baton'), ['status'], { env: { PATH: '/usr/bin:/bin', BATON_NODE: 'no-such-node' } });
    expect(noNode.code).toBe(1);
    expect(noNode.stderr).toMatch(/needs Node.js 22.12 or later/);
  });
});
