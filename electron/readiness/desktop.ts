import { execFile } from 'node:child_process';

/**
 * What the desktop says about notifications: is a notification service there, and is Do Not
 * Disturb on. Linux answers over the session D-Bus (the freedesktop Notifications service, dunst's
 * `paused` property, GNOME's show-banners setting); macOS and Windows do not tell apps about Focus
 * or Focus Assist, and Baton says so instead of guessing.
 */
export type DaemonState = { state: 'running'; name: string } | { state: 'missing'; why: string } | { state: 'unknown'; why: string };
export type DndState = { state: 'on'; where: string } | { state: 'off'; where: string } | { state: 'unknown'; why: string };

export interface DesktopProbe {
  notifications(): Promise<{ daemon: DaemonState; dnd: DndState }>;
}

const TIMEOUT_MS = 1500;

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ok: true; out: string } | { ok: false; error: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: TIMEOUT_MS, env: { ...env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, out: stdout });
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      resolve({ ok: false, error: (stderr || error.message).trim().split('\n')[0], missing });
    });
  });
}

const NOTIFICATIONS = ['--dest=org.freedesktop.Notifications', '/org/freedesktop/Notifications'];

export function linuxDesktop(env: NodeJS.ProcessEnv = process.env): DesktopProbe {
  const dbus = (args: string[]) => run('dbus-send', ['--session', '--print-reply', `--reply-timeout=${TIMEOUT_MS}`, ...args], env);
  return {
    async notifications() {
      if (!env.DBUS_SESSION_BUS_ADDRESS && !env.XDG_RUNTIME_DIR) {
        const why = 'There is no desktop session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no notification can be shown.';
        return { daemon: { state: 'missing', why }, dnd: { state: 'unknown', why: 'no session bus' } };
      }
      const info = await dbus([...NOTIFICATIONS, 'org.freedesktop.Notifications.GetServerInformation']);
      if (!info.ok) {
        if (info.missing) return { daemon: { state: 'unknown', why: 'dbus-send is not installed, so Baton cannot ask the desktop.' }, dnd: { state: 'unknown', why: 'dbus-send is not installed' } };
        const why = /ServiceUnknown|NoReply|was not provided|not activatable/i.test(info.error)
          ? 'No notification service answers on the session bus.'
          : `The session bus did not answer (${info.error}).`;
        return { daemon: { state: 'missing', why }, dnd: { state: 'unknown', why: 'no notification service' } };
      }
      const name = /string "([^"]*)"/.exec(info.out)?.[1] ?? 'a notification service';
      return { daemon: { state: 'running', name }, dnd: await doNotDisturb(name) };
    },
  };

  async function doNotDisturb(server: string): Promise<DndState> {
    if (/dunst/i.test(server)) {
      const paused = await dbus([...NOTIFICATIONS, 'org.freedesktop.DBus.Properties.Get', 'string:org.dunstproject.cmd0', 'string:paused']);
      if (paused.ok) return /boolean true/.test(paused.out) ? { state: 'on', where: 'dunst is paused' } : { state: 'off', where: 'dunst' };
      return { state: 'unknown', why: `dunst did not say whether it is paused (${paused.error})` };
    }
    if (/gnome/i.test(server)) {
      const banners = await run('gsettings', ['get', 'org.gnome.desktop.notifications', 'show-banners'], env);
      if (banners.ok) return banners.out.trim() === 'false' ? { state: 'on', where: 'GNOME Do Not Disturb' } : { state: 'off', where: 'GNOME' };
      return { state: 'unknown', why: 'GNOME’s setting could not be read' };
    }
    return { state: 'unknown', why: `${server} does not tell apps whether Do Not Disturb is on` };
  }
}

/** macOS and Windows do not let apps read Focus / Focus Assist; node-notifier's own failure still shows a missing service. */
export function otherDesktop(platform: string): DesktopProbe {
  const os = platform === 'darwin' ? 'macOS' : platform === 'win32' ? 'Windows' : platform;
  return {
    notifications: async () => ({
      daemon: { state: 'unknown', why: `${os} has no notification service to ask; the test notification shows whether notifications get through.` },
      dnd: { state: 'unknown', why: `${os} does not tell apps whether ${platform === 'darwin' ? 'Focus' : 'Focus Assist / Do Not Disturb'} is on: check it yourself.` },
    }),
  };
}

export function desktopFor(platform: string, env: NodeJS.ProcessEnv = process.env): DesktopProbe {
  return platform === 'linux' ? linuxDesktop(env) : otherDesktop(platform);
}
