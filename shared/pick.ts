import { z } from 'zod';

/** What a native picker is for; main turns it into the dialog's title, kind and file filters. */
export const PickPurposeSchema = z.enum(['runbook-folder', 'git-repository', 'calendar-file']);
export type PickPurpose = z.infer<typeof PickPurposeSchema>;

export interface PickDialog {
  title: string;
  /** A folder or a file. */
  folder: boolean;
  filters: { name: string; extensions: string[] }[];
}

export const PICK_DIALOGS: Record<PickPurpose, PickDialog> = {
  'runbook-folder': { title: 'Choose the folder of runbooks', folder: true, filters: [] },
  'git-repository': { title: 'Choose a local git repository', folder: true, filters: [] },
  'calendar-file': { title: 'Choose a calendar file', folder: false, filters: [{ name: 'Calendar (.ics)', extensions: ['ics', 'ical', 'ifb'] }] },
};
