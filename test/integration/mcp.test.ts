import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { call, startServices, tempDir, type TestServices } from '../helpers/services';
import { BATON_CLI } from '../helpers/cli';
import { CRASHLOOP_RUNBOOK, writeFiles } from '../helpers/runbooks';
import { isEvent } from '../../shared/records';

/**
 * `baton mcp` as an assistant starts it: the built command on stdio, driven by the official SDK's
 * client, against real services in this process (their local API) and against a stopped one.
 */
const started: TestServices[] = [];
const clients: Client[] = [];
async function start(dataDir = tempDir()) {
  const services = await startServices({ dataDir, runbooks: { firstGitSyncMs: 3_600_000, watchDebounceMs: 100 } });
  started.push(services);
  return services;
}
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of started.splice(0)) await s.dispose();
});
beforeAll(() => expect(fs.existsSync(BATON_CLI), 'build the command first: node scripts/build.mjs --cli').toBe(true));

async function assistant(dataDir: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BATON_CLI, '--data-dir', dataDir, 'mcp'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'baton-test-assistant', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

/** A tool's text answer, parsed when it is JSON; fails the test on a tool error unless `allowError`. */
async function tool(client: Client, name: string, args: Record<string, unknown> = {}, allowError = false) {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text: string }[];
  const text = content.map((c) => c.text).join('');
  if (result.isError && !allowError) throw new Error(`${name} failed: ${text}`);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // markdown
  }
  return { isError: Boolean(result.isError), text, json: parsed as Record<string, unknown> };
}

async function crashLooping(s: TestServices) {
  const folder = tempDir('baton-runbooks-');
  writeFiles(folder, { 'KubePodCrashLooping.md': CRASHLOOP_RUNBOOK });
  await call(s, 'runbookSourceAdd', { kind: 'folder', name: 'Platform', path: folder });
  await s.runbooks.idle();
  await s.pages.ingest({ id: 'webhook', name: 'payments-am' }, [
    {
      pageId: 'webhook:crash-1',
      kind: 'generic',
      dedupKey: 'crash-1',
      title: 'payments-api is crash looping',
      severity: 'critical',
      labels: { alertname: 'KubePodCrashLooping', namespace: 'payments' },
      annotations: { summary: 'payments-api restarts' },
      startsAt: new Date().toISOString(),
      firing: true,
    },
  ]);
  return 'webhook:crash-1';
}

describe('baton mcp', () => {
  it('lists its tools and answers them: on call, open pages, a page with its runbook, a note, the handoff', async () => {
    const s = await start();
    await call(s, 'updateSettings', { identity: { name: 'Alice' }, timeZone: 'UTC' });
    // Alice's shift from today 00:00 UTC for 100 days: relative to now, no handoff near the test.
    const today = new Date(Date.now()).toISOString().slice(0, 10);
    await call(s, 'addScheduleSource', {
      kind: 'rotation',
      name: 'Primary',
      rotation: { members: ['Alice', 'Bob'], handoffTime: '00:00', length: 'custom', customDays: 100, startDate: today, timeZone: 'UTC' },
    });
    const pageId = await crashLooping(s);
    const client = await assistant(s.deps.dataDir);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['add_note', 'handoff_draft', 'open_pages', 'page_details', 'who_is_on_call']);
    expect(tools.find((t) => t.name === 'add_note')?.inputSchema.required).toEqual(['text']);

    const who = await tool(client, 'who_is_on_call');
    expect(who.json).toMatchObject({ batonRunning: true, me: { onCall: true }, schedules: [expect.objectContaining({ name: 'Primary' })] });
    const open = await tool(client, 'open_pages');
    expect(open.json.pages).toEqual([expect.objectContaining({ id: pageId, severity: 'critical', status: 'triggered', source: 'payments-am' })]);

    const details = await tool(client, 'page_details', { pageId });
    expect(details.json).toMatchObject({
      page: { id: pageId, labels: { alertname: 'KubePodCrashLooping' } },
      runbook: { title: 'Pod is crash looping', reason: 'alertname', markdown: expect.stringContaining('Check the pod') },
    });
    expect((await tool(client, 'page_details', { pageId: 'nope' }, true)).isError).toBe(true);

    const note = await tool(client, 'add_note', { text: 'rolled back payments-api, restarts stopped', pageId });
    expect(note.json).toMatchObject({ saved: true });
    const record = s.journal.records().find((r) => isEvent(r, 'note.added'));
    expect(record?.data).toMatchObject({ text: 'rolled back payments-api, restarts stopped', pageId, via: 'assistant' });

    const handoff = await tool(client, 'handoff_draft');
    expect(handoff.text).toContain('rolled back payments-api, restarts stopped');
    expect(handoff.text).toContain('payments-api is crash looping');

    // Bad arguments are refused by the tool's schema, and nothing is written.
    expect((await tool(client, 'add_note', { text: '' }, true)).isError).toBe(true);
    expect(s.journal.records().filter((r) => isEvent(r, 'note.added'))).toHaveLength(1);
  });

  it('offers acknowledging only once the user allowed it in Settings, and journals it as the assistant’s', async () => {
    const s = await start();
    const pageId = await crashLooping(s);
    const before = await assistant(s.deps.dataDir);
    expect((await before.listTools()).tools.map((t) => t.name)).not.toContain('acknowledge_page');

    await call(s, 'updateSettings', { assistants: { mayAcknowledge: true } });
    const after = await assistant(s.deps.dataDir);
    expect((await after.listTools()).tools.map((t) => t.name)).toContain('acknowledge_page');
    await tool(after, 'acknowledge_page', { pageId, minutes: 15, comment: 'assistant: rollback in progress' });
    const acked = s.journal.records().find((r) => isEvent(r, 'page.acknowledged'));
    expect(acked?.data).toMatchObject({ pageId, via: 'assistant', comment: 'assistant: rollback in progress' });

    // Turned off again: the app refuses, whatever the assistant still lists.
    await call(s, 'updateSettings', { assistants: { mayAcknowledge: false } });
    await call(s, 'unackPage', { pageId });
    const refused = await tool(after, 'acknowledge_page', { pageId }, true);
    expect(refused).toMatchObject({ isError: true, text: expect.stringContaining('Settings') });
  });

  it('reads from the data folder while Baton is stopped and refuses to write', async () => {
    const s = await start();
    await crashLooping(s);
    const dataDir = s.deps.dataDir;
    await s.dispose();
    started.pop();
    const client = await assistant(dataDir);
    const open = await tool(client, 'open_pages');
    expect(open.json).toMatchObject({ batonRunning: false, pages: [expect.objectContaining({ title: 'payments-api is crash looping' })] });
    const note = await tool(client, 'add_note', { text: 'behind the app’s back' }, true);
    expect(note).toMatchObject({ isError: true, text: expect.stringContaining('Baton is not running') });
    expect((await tool(client, 'handoff_draft')).text).toContain('payments-api is crash looping');
  });
});
