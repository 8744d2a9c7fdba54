import type { Notice } from '../shared/notices';
import type { Clock } from './clock';
import type { Hub } from './hub';

export interface Notices {
  add(level: Notice['level'], message: string, detail?: string, id?: string, extra?: Pick<Notice, 'retryAt'>): Notice;
  dismiss(id: string): void;
}

/** User-visible messages from main; an id replaces an earlier notice with the same id (no pile-up). */
export function createNotices(hub: Hub, clock: Clock): Notices {
  let counter = 0;
  return {
    add(level, message, detail, id, extra) {
      const notice: Notice = { id: id ?? `n${clock.now()}-${++counter}`, level, message, detail, at: new Date(clock.now()).toISOString(), ...extra };
      const others = hub.get().notices.filter((n) => n.id !== notice.id);
      hub.set('notices', [...others, notice].slice(-50));
      return notice;
    },
    dismiss(id) {
      hub.set('notices', hub.get().notices.filter((n) => n.id !== id));
    },
  };
}
