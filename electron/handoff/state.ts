import { HandoffSettingsSchema, type HandoffSettings } from '../../shared/handoff';
import type { HandoffSlice, ReceivedHandoff } from '../../shared/handoff/contract';
import type { DeliveryStatus } from '../../shared/handoff/delivery';
import { isEvent, type Projection } from '../../shared/records';
import { project, type JournalFeed } from '../projection';
import { defineSection, type SettingsService } from '../settings';

export const handoffSection = defineSection({
  key: 'handoff',
  schema: HandoffSettingsSchema,
  label: 'handoff settings',
  fallback: 'Baton uses the default handoff settings until they are saved again.',
});

export type HandoffSettingsStore = Pick<SettingsService, 'read' | 'write'>;

export const readHandoffSettings = (settings: HandoffSettingsStore): HandoffSettings => settings.read(handoffSection);

/** The `handoff` state slice: handoffs received, the last one sent, and the handoff settings. */
export function publishHandoffSlice(journal: JournalFeed, settings: HandoffSettingsStore, publish: (slice: HandoffSlice) => void, delivery: () => DeliveryStatus | undefined) {
  const slice = project(journal, sliceProjection, (state, record) => {
    if (record.type.startsWith('handoff.')) send(state);
  });
  function send(state = slice.get()) {
    const status = delivery();
    publish({ ...state, settings: readHandoffSettings(settings), ...(status ? { delivery: status } : {}) });
  }
  send();
  return { republish: () => send(), dispose: slice.dispose };
}

const sliceProjection: Projection<Omit<HandoffSlice, 'settings'>> = {
  initial: () => ({ received: [], lastSent: null }),
  apply(state, record) {
    if (isEvent(record, 'handoff.received')) {
      const received: ReceivedHandoff = { ...record.data, receivedAt: record.ts };
      return { ...state, received: [received, ...state.received].slice(0, 20) };
    }
    if (isEvent(record, 'handoff.sent')) {
      const d = record.data;
      return { ...state, lastSent: { draftId: d.draftId, at: record.ts, to: d.to } };
    }
    if (isEvent(record, 'handoff.accepted')) {
      const d = record.data;
      if (d.side === 'me') {
        return { ...state, received: state.received.map((r) => (r.handoffId === d.handoffId ? { ...r, acceptedAt: d.at } : r)) };
      }
      if (state.lastSent && d.handoffId.startsWith(`${state.lastSent.draftId}|`)) {
        return { ...state, lastSent: { ...state.lastSent, acceptedBy: d.by, acceptedAt: d.at, ...(d.verifiedAt ? { incomingVerifiedAt: d.verifiedAt } : {}) } };
      }
    }
    return state;
  },
};
