import type { ProcedurePolicyInput } from '../../engine';
import { twoRungLadder } from '../shared/ladders';

/**
 * Default deadlines and ladders; a site overrides any of them under procedures.mall-theft in its policy file. The seed
 * gives no minutes, only 立即 and 尽快 (三.1, 三.3): every number is a policy choice.
 */
export const policy: ProcedurePolicyInput = {
  deadlines: {
    dispatch: 'PT5M', // (policy) 三.3 尽快派适当数量的保安队员赶赴现场, 同时向警方报警; from the report
    police_arrival: 'PT30M', // (policy) the police at the scene, from the scene handled (三.5 等候警方前来处理)
    report: '1WD', // (policy) 三.11 the report to 总经办
  },
  ladders: {
    dispatch: twoRungLadder('squad_leader', 'security_captain', 'PT5M'), // (policy) 二.2 班长, then 二.1 经理
    police_arrival: twoRungLadder('security_captain', 'office_director', 'PT30M'), // (policy) call again, then up
    report: twoRungLadder('security_captain', 'gm', '1WD'), // (policy) 总经办 waits for it
  },
};
