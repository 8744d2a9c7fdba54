import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './services';
import { until } from './wait';

/** One notification as dunst showed it, recorded by a catch-all rule's script. */
export interface ShownNotification {
  id: number;
  appName: string;
  summary: string;
  body: string;
  urgency: 'LOW' | 'NORMAL' | 'CRITICAL';
  /** ms; 0 = stays until dismissed. */
  timeout: number;
  /** When the recorder ran (ms since epoch, this machine's clock). */
  at: number;
}

export interface Dunst {
  /** Pass to child processes (notify-send) so they talk to this daemon. */
  env: { DBUS_SESSION_BUS_ADDRESS: string };
  shown(): ShownNotification[];
  /** Waits until `predicate` holds for the recorded notifications (bounded), and returns them. */
  waitFor(predicate: (shown: ShownNotification[]) => boolean, timeoutMs?: number): Promise<ShownNotification[]>;
  /** `dunstctl count displayed`: notifications on screen now. */
  displayed(): Promise<number>;
  /** `dunstctl action`: the user clicks the newest notification (its default action). */
  click(): Promise<void>;
  /** `dunstctl context`: the user opens the newest notification's menu and picks the entry whose label contains `label`. */
  choose(label: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real notification daemon for tests: dunst under Xvfb on a private D-Bus session bus, with a
 * catch-all rule whose script appends each notification it shows (one JSON line) to a file.
 */
export async function startDunst(): Promise<Dunst> {
  const dir = tempDir('baton-dunst-');
  const record = path.join(dir, 'shown.jsonl');
  const busFile = path.join(dir, 'bus');
  const script = path.join(dir, 'record.sh');
  // Plain sh + date (no interpreter start-up), so the recorded time is when dunst showed it.
  // Fields are separated by US (0x1f), records by RS (0x1e): bodies may hold newlines.
  fs.writeFileSync(
    script,
    `#!/bin/sh
printf '%s\\037%s\\037%s\\037%s\\037%s\\037%s\\037%s\\036' "$DUNST_ID" "$DUNST_APP_NAME" "$DUNST_SUMMARY" "$DUNST_BODY" "$DUNST_URGENCY" "$DUNST_TIMEOUT" "$(date +%s%3N)" >> '${record}'
`,
    { mode: 0o755 },
  );
  // dunst's context menu runs a dmenu-like program with the entries on stdin and takes the line it
  // prints: this one prints the first entry containing the label the test chose.
  const choice = path.join(dir, 'choice');
  const menu = path.join(dir, 'menu.sh');
  fs.writeFileSync(menu, `#!/bin/sh\ngrep -F -m1 -- "$(cat '${choice}')"\n`, { mode: 0o755 });
  const rc = path.join(dir, 'dunstrc');
  fs.writeFileSync(
    rc,
    `[global]
    font = Monospace 8
    idle_threshold = 0
    dmenu = ${menu}
[record_everything]
    summary = "*"
    script = ${script}
`,
  );
  fs.writeFileSync(record, '');
  const child: ChildProcess = spawn(
    'dbus-run-session',
    ['--', 'sh', '-c', `printf '%s' "$DBUS_SESSION_BUS_ADDRESS" > '${busFile}'; exec xvfb-run -a dunst -config '${rc}'`],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));

  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };

  const env = { DBUS_SESSION_BUS_ADDRESS: '' };
  const dunstctl = (...args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const p = spawn('dunstctl', args, { env: { ...process.env, ...env } });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`dunstctl ${args.join(' ')} exited ${code}`))));
    });

  // Ready when the bus address is written and dunst answers on it (bounded).
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dunst exited early: ${stderr}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`dunst did not start within 15 s: ${stderr}`);
    }
    if (fs.existsSync(busFile) && fs.readFileSync(busFile, 'utf8')) {
      env.DBUS_SESSION_BUS_ADDRESS = fs.readFileSync(busFile, 'utf8');
      try {
        await dunstctl('is-paused');
        break;
      } catch {
        // not on the bus yet
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const shown = () =>
    fs
      .readFileSync(record, 'utf8')
      .split('\x1e')
      .filter(Boolean)
      .map((line) => {
        const [id, appName, summary, body, urgency, timeout, at] = line.split('\x1f');
        return { id: Number(id), appName, summary, body, urgency: urgency as ShownNotification['urgency'], timeout: Number(timeout), at: Number(at) };
      });

  return {
    env,
    shown,
    waitFor: (predicate, timeoutMs = 10_000) =>
      until(
        () => `dunst to show the expected notifications; shown: ${JSON.stringify(shown())}`,
        () => {
          const now = shown();
          return predicate(now) && now;
        },
        timeoutMs,
      ),
    displayed: async () => Number(await dunstctl('count', 'displayed')),
    click: async () => void (await dunstctl('action', '0')),
    choose: async (label) => {
      fs.writeFileSync(choice, label);
      await dunstctl('context');
    },
    stop,
  };
}
