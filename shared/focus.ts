/**
 * Focus strings main sends with a `navigate` event to open something in a view. Kept apart from
 * the schemas (no zod here), because the renderer's first bundle reads them.
 */
/** Open the runbook for a page: `page:<pageId>`. */
export const PAGE_FOCUS_PREFIX = 'page:';
/** Open one runbook: `runbook:<runbookId>`. */
export const RUNBOOK_FOCUS_PREFIX = 'runbook:';
/** Pages filtered to one source's unacknowledged pages (a storm's grouped notification): `source:<sourceName>`. */
export const SOURCE_FOCUS_PREFIX = 'source:';
/** Pages filtered to the unacknowledged ones. */
export const UNACKNOWLEDGED_FOCUS = 'unacknowledged';
