import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { call, startServices, tempDir, type TestServices } from '../helpers/services';
import { BATON_CLI, folderState, rotationFromToday, runBaton } from '../helpers/cli';
import { NOT_JOURNALED } from '../../electron/cli/mcp';
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
  const text = content[0]?.text ?? '';
  if (result.isError && !allowError) throw new Error(`${name} failed: ${text}`);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // markdown
  }
  /** What follows the answer: the "not journaled" text of a read served from the data folder. */
  const after = content.slice(1).map((c) => c.text);
  return { isError: Boolean(result.isError), text, after, json: parsed as Record<string, unknown> };
}

/** The assistant reads the app journaled, oldest first. */
const reads = (s: TestServices) => s.journal.records().filter((r) => isEvent(r, 'assistant.read')).map((r) => r.data);


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
    await call(s, 'addScheduleSource', { kind: 'rotation', name: 'Primary', rotation: rotationFromToday() });
    const pageId = await crashLooping(s);
    const client = await assistant(s.deps.dataDir);
    // Starting reads the settings (may it acknowledge?): journaled as the assistant connecting.
    expect(reads(s)).toEqual([{ tool: 'connect' }]);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['add_note', 'handoff_draft', 'open_pages', 'page_details', 'who_is_on_call']);
    expect(tools.find((t) => t.name === 'add_note')?.inputSchema.required).toEqual(['text']);

    const who = await tool(client, 'who_is_on_call');
    expect(who.json).toMatchObject({ batonRunning: true, me: { onCall: true }, schedules: [expect.objectContaining({ name: 'Primary' })] });
    expect(who.after).toEqual([]);
    const open = await tool(client, 'open_pages');
    expect(open.json.pages).toEqual([expect.objectContaining({ id: pageId, severity: 'critical', status: 'triggered', source: 'payments-am' })]);
    expect((await tool(client, 'who_is_on_call', { schedule: 'Primary' })).json.schedules).toHaveLength(1);

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

    // Each read tool call is one journal entry naming the tool (page_details took four requests: still one).
    expect(reads(s)).toEqual([
      { tool: 'connect' },
      { tool: 'who_is_on_call' },
      { tool: 'open_pages' },
      { tool: 'who_is_on_call', schedule: 'Primary' },
      { tool: 'page_details', pageId },
      { tool: 'page_details', pageId: 'nope' },
      { tool: 'handoff_draft' },
    ]);
    // The Log shows them under “Assistant”; the handoff and the page's history leave them out.
    const log = await call(s, 'queryLog', { offset: 0, limit: 50, kinds: ['assistant'] });
    expect(log.entries.map((e) => e.text).reverse()).toEqual([
      'An assistant connected to Baton (baton mcp)',
      'Assistant read who is on call (who_is_on_call)',
      'Assistant read the open pages (open_pages)',
      'Assistant read who is on call in Primary (who_is_on_call)',
      'Assistant read the page “payments-api is crash looping”, its history and runbook (page_details)',
      'Assistant read the page “nope”, its history and runbook (page_details)',
      'Assistant read the handoff draft (handoff_draft)',
    ]);
    expect(log.entries.find((e) => e.text.includes('payments-api is crash looping'))).toMatchObject({ kind: 'assistant', pageId });
    expect(handoff.text).not.toMatch(/assistant read|baton mcp/i);
    const report = (await tool(client, 'handoff_draft', { format: 'json' })).json as { timeline: { kind: string; text: string }[] };
    expect(report.timeline.map((t) => t.kind)).toEqual(expect.arrayContaining(['page', 'note']));
    expect(report.timeline.map((t) => t.kind)).not.toContain('assistant');
    const history = await call(s, 'pageHistory', { pageId });
    expect(history.map((h) => h.type)).not.toContain('assistant.read');

    // The baton command's reads are a person looking: not journaled.
    for (const args of [['status'], ['pages', '--json'], ['who'], ['handoff', '--md']]) {
      expect((await runBaton(s.deps.dataDir, args)).code, args.join(' ')).toBe(0);
    }
    expect(reads(s)).toHaveLength(8);

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
    const before = folderState(dataDir);
    expect(before).toEqual(expect.arrayContaining([expect.stringMatching(/^settings\.json /), expect.stringMatching(/^api\/token /)]));
    const client = await assistant(dataDir);
    const open = await tool(client, 'open_pages');
    expect(open.json).toMatchObject({ batonRunning: false, pages: [expect.objectContaining({ title: 'payments-api is crash looping' })] });
    expect(open.after).toEqual([NOT_JOURNALED]);
    const note = await tool(client, 'add_note', { text: 'behind the app’s back' }, true);
    expect(note).toMatchObject({ isError: true, text: expect.stringContaining('Baton is not running') });
    const handoff = await tool(client, 'handoff_draft');
    expect(handoff.text).toContain('payments-api is crash looping');
    expect(handoff.after).toEqual([NOT_JOURNALED]);
    const who = await tool(client, 'who_is_on_call');
    expect(who).toMatchObject({ json: { batonRunning: false }, after: [NOT_JOURNALED] });
    const details = await tool(client, 'page_details', { pageId: 'webhook:crash-1' });
    expect(details).toMatchObject({ json: { batonRunning: false, page: { id: 'webhook:crash-1' } }, after: [NOT_JOURNALED] });
    expect(NOT_JOURNALED).toMatch(/not journaled/);
    // Read-only: not a byte, a file or a time changed in the data folder.
    expect(folderState(dataDir)).toEqual(before);
  });
});
