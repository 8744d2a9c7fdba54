import type { Channel } from './contract';

/**
 * The contract's request channels by name, without their zod schemas: what the preload (and the
 * test bridge) need to build `window.baton`. Loading the whole contract there cost the window ~100 ms
 * before its first paint (zod and every schema evaluated in the preload). The compiler checks this
 * list against shared/contract.ts both ways: a channel added there fails here until it is named.
 */
export const CHANNEL_NAMES = [
  'getState', 'updateSettings', 'pauseNotifications', 'resumeNotifications', 'dismissNotice', 'openExternal', 'pickPath', 'showWindow',
  'addNote', 'addFollowup', 'closeFollowup', 'queryLog', 'exportLog',
  'addScheduleSource', 'updateScheduleSource', 'removeScheduleSource', 'refreshSchedules', 'chooseSchedulePerson', 'setScheduleOptions',
  'pageHistory', 'ackPage', 'unackPage', 'resolvePage', 'ackPages', 'resolvePages', 'savePageSource', 'removePageSource', 'pollPageSource', 'updatePagesConfig', 'copyWebhookExample',
  'runbookSearch', 'runbookList', 'runbookGet', 'runbookForPage', 'runbookPin', 'runbookSourceAdd', 'runbookSourceRemove', 'runbookSync',
  'runbookSyncCancel', 'runbookAddUrl', 'runbookStepDone', 'runbookCopy',
  'getHandoffDraft', 'editHandoff', 'exportHandoff', 'handOver', 'importHandoff', 'updateHandoffSettings',
  'setLaunchAtLogin', 'checkForUpdates',
  'sendTestNotification', 'webhookAddress',
  'saveServiceSource', 'testServiceSource', 'snoozePage', 'sendPageNote',
  'setHandoffRepository', 'syncHandoffs', 'acceptHandoff', 'handoffChanges', 'setHandoffChat', 'handoffChatStatus', 'previewHandoffChat', 'testHandoffChat',
  'runReadinessCheck', 'confirmReadiness', 'lastReadiness', 'getTrends', 'updateLoadHours', 'addInvestigationNote', 'pageInvestigation',
  'getEscalation', 'updateEscalation',
] as const satisfies readonly Channel[];

// Every channel of the contract is named above (the `satisfies` checks the other direction).
type Unnamed = Exclude<Channel, (typeof CHANNEL_NAMES)[number]>;
const everyChannelNamed: [Unnamed] extends [never] ? true : Unnamed = true;
void everyChannelNamed;

/** The IPC channel names on the wire. */
export const wire = {
  request: (channel: string) => `baton:req:${channel}`,
  event: (name: string) => `baton:evt:${name}`,
};
