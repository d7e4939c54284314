import type { Rung } from '../../engine';

/**
 * The two-rung escalation ladder most security deadlines use: when the deadline passes, `first` is told at once in the
 * app; if it is still open `after` (a deadline spec such as `PT5M` or `1WD`, counted from the due time), `second` is
 * told in the app and by e-mail. A fresh array each call, so a site's override never touches another procedure's.
 */
export const twoRungLadder = (first: string, second: string, after: string): Rung[] => [
  { role: first, after: 'PT0S', channels: ['in_app'] },
  { role: second, after, channels: ['in_app', 'email'] },
];
