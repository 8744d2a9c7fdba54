import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Page } from '../../shared/pages';
import type { AppState } from '../../shared/state';
import type { HandoffReport } from '../../shared/handoff';
import type { PageHistoryEntry } from '../../shared/pages';
import type { RunbookDoc, RunbookForPageResult } from '../../shared/runbooks';
import { connect, type Connection } from './client';
import { CliError } from './exit';
import { offlineHandoff, offlineSnapshot, renderReport } from './read';
import { snapshotOfState, type Snapshot } from './snapshot';

/**
 * `baton mcp`: a Model Context Protocol server on stdio (the official SDK) for an AI assistant.
 * Each tool call opens the local API as the caller "assistant", so the app's policy applies (reads,
 * notes and follow-ups; acknowledging only when the user turned it on in Settings) and what it writes
 * is journaled like any other action, with `via: "assistant"`. Reads are not journaled: looking is
 * not an action in the Log. While Baton is stopped, reads come from the data folder (read-only) and
 * writes say that Baton is not running.
 */

const RUNBOOK_MAX_CHARS = 20_000;

type Result = CallToolResult;
const text = (value: string): Result => ({ content: [{ type: 'text', text: value }] });
const json = (value: unknown): Result => text(JSON.stringify(value, null, 2));
const failure = (message: string): Result => ({ content: [{ type: 'text', text: message }], isError: true });

export async function runMcpServer(o: { dataDir: string; version: string }): Promise<void> {
  const server = createMcpServer(o.dataDir, o.version, await assistantMayAcknowledge(o.dataDir));
  await server.connect(new StdioServerTransport());
}

async function assistantMayAcknowledge(dataDir: string): Promise<boolean> {
  try {
    const state = await online(dataDir, (c) => c.call<AppState>('getState'));
    return state?.settings.assistants.mayAcknowledge ?? false;
  } catch {
    return false;
  }
}

/** One connection per tool call: the app may be started or restarted while the assistant runs. */
async function online<T>(dataDir: string, fn: (c: Connection) => Promise<T>): Promise<T | null> {
  const conn = await connect(dataDir, 'assistant');
  if (!conn) return null;
  try {
    return await fn(conn);
  } finally {
    conn.close();
  }
}

async function snapshot(dataDir: string): Promise<Snapshot> {
  const state = await online(dataDir, (c) => c.call<AppState>('getState'));
  return state ? snapshotOfState(state) : offlineSnapshot(dataDir, Date.now());
}

const NOT_RUNNING = 'Baton is not running, so nothing was written. Ask the user to start Baton.';

/** A tool's work, with every failure turned into a tool error the assistant can read. */
async function guarded(work: () => Promise<Result>): Promise<Result> {
  try {
    return await work();
  } catch (error) {
    return failure(error instanceof CliError || error instanceof Error ? error.message : String(error));
  }
}

function pageSummary(p: Page) {
  return {
    id: p.id,
    title: p.title,
    severity: p.severity,
    status: p.status,
    source: p.sourceName,
    since: p.receivedAt,
    acknowledgedBy: p.acknowledgedBy ?? null,
    acknowledgedUntil: p.ackUntil ?? null,
    runbookUrl: p.runbookUrl ?? null,
  };
}

export function createMcpServer(dataDir: string, version: string, mayAcknowledge: boolean): McpServer {
  const server = new McpServer(
    { name: 'baton', version },
    { instructions: 'Baton is the on-call engineer’s local pager companion: who is on call, open pages, runbooks, the action log and the handoff. Notes you add are journaled as coming from an assistant.' },
  );
  const readOnly = { readOnlyHint: true, openWorldHint: false };

  server.registerTool(
    'who_is_on_call',
    {
      title: 'Who is on call',
      description: 'Who is on call now and next in each schedule Baton knows, and whether the user is on call (until when).',
      inputSchema: { schedule: z.string().max(200).optional().describe('only this schedule (name or id)') },
      annotations: readOnly,
    },
    ({ schedule }) =>
      guarded(async () => {
        const s = await snapshot(dataDir);
        const key = schedule?.toLowerCase();
        const schedules = key ? s.schedules.filter((x) => x.id === schedule || x.name.toLowerCase() === key) : s.schedules;
        return json({ batonRunning: s.running, timeZone: s.timeZone, me: s.me, schedules });
      }),
  );

  server.registerTool(
    'open_pages',
    {
      title: 'Open pages',
      description: 'The pages (alerts) that are open, most urgent first: triggered and acknowledged.',
      inputSchema: {},
      annotations: readOnly,
    },
    () =>
      guarded(async () => {
        const s = await snapshot(dataDir);
        return json({ batonRunning: s.running, pages: s.open.map(pageSummary) });
      }),
  );

  server.registerTool(
    'page_details',
    {
      title: 'Page details and runbook',
      description: 'One page: its labels and annotations, its history (acks, notes, steps) and the runbook Baton matched for it.',
      inputSchema: { pageId: z.string().min(1).max(200).describe('the page id, from open_pages') },
      annotations: readOnly,
    },
    ({ pageId }) =>
      guarded(async () => {
        const details = await online(dataDir, async (c) => {
          const state = await c.call<AppState>('getState');
          const page = [...state.pages.open, ...state.pages.recent].find((p) => p.id === pageId);
          if (!page) return { page: null };
          const history = await c.call<PageHistoryEntry[]>('pageHistory', { pageId });
          const match = await c.call<RunbookForPageResult>('runbookForPage', { pageId }).catch(() => null);
          const best = match?.best ?? null;
          const runbook = best ? await c.call<RunbookDoc>('runbookGet', { id: best.id, pageId }).catch(() => null) : null;
          return { page, history, runbook, match };
        });
        if (details === null) {
          const s = await snapshot(dataDir);
          const page = [...s.open, ...s.recent].find((p) => p.id === pageId);
          if (!page) return failure(`No page “${pageId}”.`);
          return json({ batonRunning: false, page, history: null, runbook: null, note: 'Baton is not running: the history and the runbook need the app.' });
        }
        if (!details.page) return failure(`No page “${pageId}” (see open_pages).`);
        const { page, history, runbook, match } = details;
        return json({
          batonRunning: true,
          page,
          history: history.map((h) => ({ at: h.ts, what: h.summary })),
          runbook: runbook
            ? {
                id: runbook.id,
                title: runbook.title,
                reason: match?.best?.reason ?? null,
                stepsDone: runbook.stepsDone,
                markdown: runbook.markdown.length > RUNBOOK_MAX_CHARS ? `${runbook.markdown.slice(0, RUNBOOK_MAX_CHARS)}\n…(cut)` : runbook.markdown,
              }
            : null,
          otherRunbooks: (match?.alternatives ?? []).slice(0, 5).map((r) => ({ id: r.id, title: r.title, reason: r.reason })),
        });
      }),
  );

  server.registerTool(
    'add_note',
    {
      title: 'Add a note to the log',
      description: 'Adds a note to Baton’s action log (it shows in the Log and in the handoff), optionally about one page. Journaled as coming from an assistant.',
      inputSchema: {
        text: z.string().min(1).max(64 * 1024).describe('the note, in the user’s words where possible'),
        pageId: z.string().min(1).max(200).optional().describe('the page the note is about'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    ({ text: note, pageId }) =>
      guarded(async () => {
        const saved = await online(dataDir, (c) => c.call<{ id: string; ts: string }>('addNote', { text: note, pageId }));
        if (!saved) return failure(NOT_RUNNING);
        return json({ saved: true, id: saved.id, at: saved.ts });
      }),
  );

  server.registerTool(
    'handoff_draft',
    {
      title: 'Handoff draft',
      description: 'The handoff for the user’s current or last shift: summary, open pages, silences, follow-ups, notes and timeline.',
      inputSchema: { format: z.enum(['markdown', 'json']).default('markdown').describe('markdown (to read) or json (structured)') },
      annotations: readOnly,
    },
    ({ format }) =>
      guarded(async () => {
        const drafted = await online(dataDir, (c) => c.call<{ report: HandoffReport }>('getHandoffDraft', { kind: 'shift' }));
        const report = drafted?.report ?? (await offlineHandoff(dataDir, Date.now()));
        return text(renderReport(report, format === 'json' ? 'json' : 'md'));
      }),
  );

  if (mayAcknowledge) {
    server.registerTool(
      'acknowledge_page',
      {
        title: 'Acknowledge a page',
        description: 'Acknowledges a page for a while (an Alertmanager page gets a real silence). Only offered because the user allowed it in Baton’s Settings.',
        inputSchema: {
          pageId: z.string().min(1).max(200),
          minutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
          comment: z.string().max(4096).optional(),
        },
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      },
      ({ pageId, minutes, comment }) =>
        guarded(async () => {
          const acked = await online(dataDir, (c) => c.call<{ message: string }>('ackPage', { pageId, minutes, comment }));
          if (!acked) return failure(NOT_RUNNING);
          return text(acked.message);
        }),
    );
  }
  return server;
}
