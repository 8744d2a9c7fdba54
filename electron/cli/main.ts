import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { Page } from '../../shared/pages';
import type { AppState } from '../../shared/state';
import type { HandoffReport } from '../../shared/handoff';
import type * as Read from './read';
import type * as Mcp from './mcp';
import { connect, type Connection } from './client';
import { completionScript, SHELLS, type Shell } from './completion';
import { defaultDataDir } from './data-dir';
import { parseDueDate, parseMinutes } from './durations';
import { CliError, EXIT_CODES_HELP, ExitCode } from './exit';
import { pagesText, statusJson, statusText, whoText } from './format';
import { snapshotOfState, type Snapshot } from './snapshot';

/**
 * `baton`: Baton from the terminal. Commands talk to the running app through the local API (the same
 * checked requests as the window); when it is not running, read commands read the data folder
 * directly (read-only) and write commands say so and exit with 3. The parser is commander: maintained,
 * dependency-free, small enough to keep `baton note` starting fast, with subcommands, help and
 * errors we map onto our exit codes. Heavy parts load only when a command needs them: the
 * offline reader and the handoff renderer (baton-read.cjs), the MCP server (baton-mcp.cjs).
 */

const VERSION = process.env.BATON_VERSION ?? 'dev';

/** The bundles beside this one; loaded on demand so the common path stays lean. */
function load<T>(bundle: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a sibling bundle, loaded only when a command needs it
  return require(path.join(__dirname, bundle)) as T;
}
const reader = () => load<typeof Read>('baton-read.cjs');

const print = (text: string) => void process.stdout.write(`${text}\n`);
const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));
const tell = (text: string) => void process.stderr.write(`${text}\n`);

interface Globals {
  dataDir: string;
}

/** Runs `fn` against the running Baton; null when it is not running. */
async function withBaton<T>(g: Globals, fn: (c: Connection) => Promise<T>): Promise<T | null> {
  const conn = await connect(g.dataDir, 'cli');
  if (!conn) return null;
  try {
    return await fn(conn);
  } finally {
    conn.close();
  }
}

/** A write needs the app: the journal has one writer, and it is not this command. */
async function write<T>(g: Globals, what: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const result = await withBaton(g, fn);
  if (result === null) throw new CliError(`Baton is not running, so ${what}. Start Baton and run the command again.`, ExitCode.notRunning);
  return result;
}

/** The snapshot from the app, or read from the data folder when the app is stopped. */
async function snapshot(g: Globals): Promise<Snapshot> {
  const online = await withBaton(g, (c) => c.call<AppState>('getState'));
  if (online) return snapshotOfState(online);
  const offline = await reader().offlineSnapshot(g.dataDir, Date.now());
  tell(`Baton is not running: read from its journal in ${g.dataDir}${offline.skippedLines ? ` (${offline.skippedLines} unreadable line(s) skipped)` : ''}.`);
  return offline;
}

/** A page by id, or by a prefix only one open page's id has. */
function findPage(pages: Page[], key: string): Page {
  const exact = pages.find((p) => p.id === key);
  if (exact) return exact;
  const matches = pages.filter((p) => p.id.startsWith(key));
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) throw new CliError(`No open page “${key}” (see baton pages).`, ExitCode.error);
  throw new CliError(`“${key}” matches ${matches.length} pages: ${matches.map((p) => p.id).join(', ')}`, ExitCode.error);
}

export function buildProgram(): Command {
  const program = new Command('baton')
    .description('Baton from the terminal: your shift, pages, notes, runbook steps and the handoff.')
    .version(VERSION, '-V, --version')
    .addOption(new Option('--data-dir <dir>', 'Baton’s data folder').default(defaultDataDir(), 'the app’s').env('BATON_DATA_DIR'))
    .showHelpAfterError('(baton --help lists the commands)')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .exitOverride();
  const globals = (): Globals => ({ dataDir: path.resolve(program.opts<{ dataDir: string }>().dataDir) });

  program
    .command('status')
    .summary('am I on call, until when, open pages')
    .option('--json', 'print JSON for scripts')
    .action(async (o: { json?: boolean }) => {
      const s = await snapshot(globals());
      if (o.json) printJson(statusJson(s, Date.now()));
      else print(statusText(s, Date.now()));
    });

  program
    .command('who')
    .summary('who is on call now and next')
    .argument('[schedule]', 'only this schedule (name or id)')
    .option('--json', 'print JSON for scripts')
    .action(async (schedule: string | undefined, o: { json?: boolean }) => {
      const s = await snapshot(globals());
      const key = schedule?.toLowerCase();
      const shown = key ? s.schedules.filter((x) => x.id === schedule || x.name.toLowerCase() === key) : s.schedules;
      if (schedule && shown.length === 0) {
        throw new CliError(`No schedule “${schedule}”${s.schedules.length ? ` (there are: ${s.schedules.map((x) => x.name).join(', ')})` : ''}.`, ExitCode.error);
      }
      if (o.json) printJson({ running: s.running, schedules: shown });
      else print(whoText(s, shown));
    });

  program
    .command('pages')
    .summary('open pages (--all: with the latest resolved)')
    .option('--all', 'include the latest resolved pages')
    .option('--json', 'print JSON for scripts')
    .action(async (o: { all?: boolean; json?: boolean }) => {
      const s = await snapshot(globals());
      const pages = o.all ? [...s.open, ...s.recent] : s.open;
      if (o.json) printJson(pages);
      else print(pagesText(pages, s.timeZone, o.all ? 'No pages.' : 'No open pages.'));
    });

  program
    .command('ack')
    .summary('acknowledge a page')
    .argument('<page>', 'the page id (or the start of it) from baton pages')
    .option('--for <duration>', 'how long, e.g. 30m, 1h, 2h30m (default: your setting)')
    .option('-m, --message <comment>', 'a comment, e.g. what you are doing about it')
    .action(async (key: string, o: { for?: string; message?: string }) => {
      const minutes = o.for === undefined ? undefined : parseMinutes(o.for, '--for');
      const result = await write(globals(), 'the page was not acknowledged', async (c) => {
        const state = await c.call<AppState>('getState');
        const page = findPage(state.pages.open, key);
        return c.call<{ message: string }>('ackPage', { pageId: page.id, minutes: minutes ?? state.pages.config.ackMinutes, comment: o.message });
      });
      print(result.message);
    });

  program
    .command('note')
    .summary('add a note to the log (--followup: a follow-up)')
    .argument('<text...>', 'what happened or what you did')
    .option('--page <id>', 'the page the note is about')
    .option('--followup', 'make it a follow-up for after the shift')
    .option('--owner <name>', 'who follows up (implies --followup)')
    .option('--due <date>', 'when, as YYYY-MM-DD (implies --followup)')
    .action(async (words: string[], o: { page?: string; followup?: boolean; owner?: string; due?: string }) => {
      const text = words.join(' ').trim();
      if (!text) throw new CliError('A note needs some text.', ExitCode.usage);
      const due = o.due === undefined ? undefined : parseDueDate(o.due);
      const followup = o.followup || o.owner !== undefined || due !== undefined;
      await write(globals(), `the ${followup ? 'follow-up' : 'note'} was not saved`, (c) =>
        followup ? c.call('addFollowup', { text, owner: o.owner, due, pageId: o.page }) : c.call('addNote', { text, pageId: o.page }),
      );
      print(followup ? 'Follow-up added.' : 'Noted.');
    });

  program
    .command('step')
    .summary('tick step <n> of a runbook')
    .argument('<runbook>', 'the runbook id, or its title')
    .argument('<n>', 'the step number, from 1')
    .option('--page <id>', 'the page the step was done for')
    .option('--undo', 'untick it')
    .action(async (runbook: string, n: string, o: { page?: string; undo?: boolean }) => {
      const index = Number(n);
      if (!Number.isInteger(index) || index < 1) throw new CliError(`The step number must be 1 or more, not “${n}”.`, ExitCode.usage);
      const done = await write(globals(), 'the step was not ticked', async (c) => {
        const doc = await findRunbook(c, runbook);
        const steps = reader().stepsOf(doc.markdown);
        if (steps.length === 0) throw new CliError(`“${doc.title}” has no steps to tick (task items like “- [ ] …”).`, ExitCode.error);
        if (index > steps.length) throw new CliError(`“${doc.title}” has ${steps.length} step(s); there is no step ${index}.`, ExitCode.usage);
        await c.call('runbookStepDone', { runbookId: doc.id, step: steps[index - 1], done: !o.undo, pageId: o.page });
        return `${o.undo ? 'Unticked' : 'Done'}: step ${index} “${steps[index - 1]}” in ${doc.title}`;
      });
      print(done);
    });

  program
    .command('handoff')
    .summary('the handoff draft for your current or last shift')
    .addOption(new Option('--md', 'as Markdown (the default)').conflicts('json'))
    .option('--json', 'as JSON (the handoff format other Batons import)')
    .action(async (o: { json?: boolean }) => {
      const g = globals();
      const online = await withBaton(g, (c) => c.call<{ report: HandoffReport }>('getHandoffDraft', { kind: 'shift' }));
      const read = reader();
      const report = online?.report ?? (await read.offlineHandoff(g.dataDir, Date.now()));
      if (!online) tell(`Baton is not running: the draft was built from its journal in ${g.dataDir}.`);
      print(read.renderReport(report, o.json ? 'json' : 'md').trimEnd());
    });

  program
    .command('pause')
    .summary('pause notifications (critical pages still come through unless you changed that)')
    .argument('[duration]', 'for how long, e.g. 30m, 1h (default: until baton resume)')
    .action(async (duration: string | undefined) => {
      const request = duration === undefined ? { indefinite: true } : { minutes: parseMinutes(duration, 'pause') };
      const state = await write(globals(), 'notifications were not paused', (c) => c.call<{ until: string | null }>('pauseNotifications', request));
      print(state.until ? `Notifications paused until ${state.until}.` : 'Notifications paused until baton resume.');
    });

  program
    .command('resume')
    .summary('resume notifications')
    .action(async () => {
      await write(globals(), 'notifications were not resumed', (c) => c.call('resumeNotifications'));
      print('Notifications resumed.');
    });

  program
    .command('completion')
    .summary('print shell completion (bash, zsh or fish)')
    .addArgument(new Command().createArgument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .action((shell: Shell) => void process.stdout.write(completionScript(program, shell)));

  program
    .command('mcp')
    .summary('run a Model Context Protocol server on stdio, for an AI assistant')
    .action(async () => {
      await load<typeof Mcp>('baton-mcp.cjs').runMcpServer({ dataDir: globals().dataDir, version: VERSION });
    });

  return program;
}

interface RunbookDocLite {
  id: string;
  title: string;
  markdown: string;
}

/** A runbook by id, else by title (exact, or the only search hit). */
async function findRunbook(c: Connection, key: string): Promise<RunbookDocLite> {
  try {
    return await c.call<RunbookDocLite>('runbookGet', { id: key });
  } catch (error) {
    if (!(error instanceof CliError) || error.code !== ExitCode.error) throw error;
  }
  const { hits } = await c.call<{ hits: { id: string; title: string }[] }>('runbookSearch', { query: key, limit: 10 });
  const exact = hits.filter((h) => h.title.toLowerCase() === key.toLowerCase());
  const chosen = exact.length === 1 ? exact[0] : hits.length === 1 ? hits[0] : null;
  if (!chosen) {
    const list = hits.map((h) => `  ${h.id}  ${h.title}`).join('\n');
    throw new CliError(hits.length === 0 ? `No runbook “${key}”.` : `“${key}” matches several runbooks; use its id:\n${list}`, ExitCode.error);
  }
  return c.call<RunbookDocLite>('runbookGet', { id: chosen.id });
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    if (error instanceof CliError) {
      tell(`baton: ${error.message}`);
      return error.code;
    }
    tell(`baton: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.error;
  }
}

if (require.main === module) {
  void run(process.argv).then((code) => {
    process.exitCode = code;
  });
}
