/** The app's views, in sidebar order; Ctrl/⌘ + the digit jumps to one. */
export const VIEWS = [
  { id: 'shift', label: 'Shift', digit: '1' },
  { id: 'pages', label: 'Pages', digit: '2' },
  { id: 'runbooks', label: 'Runbooks', digit: '3' },
  { id: 'log', label: 'Log', digit: '4' },
  { id: 'handoff', label: 'Handoff', digit: '5' },
  { id: 'settings', label: 'Settings', digit: '6' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function isViewId(value: string): value is ViewId {
  return VIEWS.some((v) => v.id === value);
}
