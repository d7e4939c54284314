import type { ProcedurePolicyInput } from '../../engine';

/** Default deadlines and ladders; a site overrides any of them under procedures.complaint-manufacturer in its policy file. */
export const policy: ProcedurePolicyInput = {
  deadlines: {
    response: 'PT15M', // (policy) someone responds within 15 minutes of the case opening
    closing: '1WD', // (policy) the closing report within one working day of the response
  },
  ladders: {
    response: [
      { role: 'squad_leader', after: 'PT0S', channels: ['in_app'] },
      { role: 'security_captain', after: 'PT15M', channels: ['in_app', 'email'] },
    ],
    closing: [
      { role: 'security_captain', after: 'PT0S', channels: ['in_app'] },
      { role: 'office_director', after: '1WD', channels: ['in_app', 'email'] },
    ],
  },
};
