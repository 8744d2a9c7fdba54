import type { Logger } from '../log';
import type { NotificationActivation, NotificationRequest, Notifier } from '../notifier';
import type { NotifierInfo } from '../../shared/desktop';
import { errorText } from '../../shared/errors';
import type { Bus } from './bus';

/** The freedesktop.org Desktop Notifications interface (spec 1.2). */
export const NOTIFICATIONS = {
  destination: 'org.freedesktop.Notifications',
  path: '/org/freedesktop/Notifications',
  interface: 'org.freedesktop.Notifications',
} as const;

/** The action keys Baton sends; "default" is the click on the bubble itself. */
const ACTION_LABELS = { ack: 'Acknowledge', snooze: 'Snooze 15 min' } as const;
const URGENCY = { low: 0, normal: 1, critical: 2 } as const;
/** Ids of bubbles Baton remembers for actions that arrive after the bubble closed (bounded). */
const REMEMBERED = 500;

export interface FreedesktopOptions {
  appName: string;
  icon?: string;
  log: Logger;
  /** The `desktop-entry` hint: the installed .desktop file's name without `.desktop`. */
  desktopEntry?: string;
}

/**
 * Notifications through the desktop's notification daemon over D-Bus: a click opens what the
 * notification is about (the "default" action), pages offer Acknowledge (and Snooze where the
 * source can), a repeat of the same page replaces its bubble (replaces_id) instead of stacking,
 * and a page that must stay is critical, resident and never expires. Returns null, with the
 * reason, when the daemon cannot show actions (then Baton falls back to node-notifier).
 */
export async function createFreedesktopNotifier(
  bus: Bus,
  o: FreedesktopOptions,
): Promise<{ notifier: Notifier & Required<Pick<Notifier, 'info' | 'onActivation' | 'withdraw' | 'close'>> } | { reason: string }> {
  const call = (member: string, signature?: string, body?: unknown[]) => bus.call({ ...NOTIFICATIONS, member, signature, body });
  let capabilities: string[];
  let server = 'a notification daemon';
  try {
    [capabilities] = (await call('GetCapabilities')) as [string[]];
    const [name, vendor, version] = (await call('GetServerInformation').catch(() => [])) as string[];
    if (name) server = `${name}${version ? ` ${version}` : ''}${vendor ? ` (${vendor})` : ''}`;
  } catch (error) {
    return { reason: `no notification service answers on the D-Bus session bus (${errorText(error)})` };
  }
  if (!capabilities.includes('actions')) return { reason: `${server} cannot show buttons or report clicks (no "actions" capability)` };
  const markup = capabilities.includes('body-markup');

  const idOf = new Map<string, number>();
  const keyOf = new Map<number, { key: string; opens?: string; actions: Set<string> }>();
  const listeners: ((activation: NotificationActivation) => void)[] = [];
  const remember = (id: number, entry: { key: string; opens?: string; actions: Set<string> }) => {
    keyOf.delete(id);
    keyOf.set(id, entry);
    if (keyOf.size > REMEMBERED) keyOf.delete(keyOf.keys().next().value!);
  };

  await bus.onSignal(NOTIFICATIONS.path, NOTIFICATIONS.interface, 'ActionInvoked', (body) => {
    const [id, action] = body as [number, string];
    const entry = keyOf.get(id);
    // Other applications' notifications share the bus; only Baton's own, and only the actions it offered.
    if (!entry || !entry.actions.has(action)) return;
    const activation: NotificationActivation =
      action === 'default' ? { key: entry.key, action: 'open', opens: entry.opens } : { key: entry.key, action: action as 'ack' | 'snooze' };
    for (const listener of listeners) {
      try {
        listener(activation);
      } catch (error) {
        o.log.error('notifications: an action handler failed', error);
      }
    }
  });
  await bus.onSignal(NOTIFICATIONS.path, NOTIFICATIONS.interface, 'NotificationClosed', (body) => {
    const [id] = body as [number];
    const entry = keyOf.get(id);
    // A page's next repeat opens a new bubble; the id is still known for a late ActionInvoked.
    if (entry && idOf.get(entry.key) === id) idOf.delete(entry.key);
  });

  const info: NotifierInfo = {
    backend: 'freedesktop',
    actions: true,
    detail: `${server}, over D-Bus: a click opens the page; Acknowledge${capabilities.includes('persistence') ? '; pages stay until dismissed' : ''}`,
  };

  return {
    notifier: {
      async notify(request: NotificationRequest) {
        const actions = ['default', 'Open', ...(request.actions ?? []).flatMap((a) => [a, ACTION_LABELS[a]])];
        const hints: [string, [string, unknown]][] = [
          ['urgency', ['y', URGENCY[request.urgency]]],
          ['category', ['s', request.key.startsWith('shift-reminder:') ? 'presence' : 'im.received']],
        ];
        if (o.desktopEntry) hints.push(['desktop-entry', ['s', o.desktopEntry]]);
        if (request.sticky) hints.push(['resident', ['b', true]]);
        if (request.sound) hints.push(['sound-name', ['s', request.soundName ?? 'dialog-warning']]);
        try {
          const [id] = (await call('Notify', 'susssasa{sv}i', [
            o.appName,
            idOf.get(request.key) ?? 0,
            o.icon ?? '',
            clean(request.title, 200),
            markup ? escapeMarkup(clean(request.body, 1000)) : clean(request.body, 1000),
            actions,
            hints,
            // ms; 0 = until the user dismisses it, -1 = the daemon's default
            request.sticky ? 0 : -1,
          ])) as [number];
          idOf.set(request.key, id);
          remember(id, { key: request.key, opens: request.opens, actions: new Set(actions.filter((_, i) => i % 2 === 0)) });
          return { ok: true };
        } catch (error) {
          return { ok: false, error: `${server} refused the notification: ${errorText(error)}` };
        }
      },
      withdraw(key) {
        const id = idOf.get(key);
        if (id === undefined) return;
        idOf.delete(key);
        call('CloseNotification', 'u', [id]).catch((error: unknown) => o.log.warn('notifications: could not close a notification', errorText(error)));
      },
      onActivation: (listener) => void listeners.push(listener),
      info: () => info,
      close: () => bus.close(),
    },
  };
}

/** The daemon may read the body as markup (<b>, <a href>, <img>); alert text is untrusted, so it shows as the text it is. */
function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Alert text is untrusted: no control characters, bounded length. */
export function clean(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}
