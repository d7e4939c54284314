import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes the engine upserts so lists, inboxes and reports come from Temporal visibility. */
export const caseSearchAttributes = {
  procedure: defineSearchAttributeKey('CaseProcedure', SearchAttributeType.KEYWORD),
  version: defineSearchAttributeKey('CaseVersion', SearchAttributeType.INT),
  site: defineSearchAttributeKey('CaseSite', SearchAttributeType.KEYWORD),
  number: defineSearchAttributeKey('CaseNumber', SearchAttributeType.KEYWORD),
  state: defineSearchAttributeKey('CaseState', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD),
  nextDueAt: defineSearchAttributeKey('CaseNextDueAt', SearchAttributeType.DATETIME),
  awaitingRoles: defineSearchAttributeKey('CaseAwaitingRoles', SearchAttributeType.KEYWORD_LIST),
  escalationLevel: defineSearchAttributeKey('CaseEscalationLevel', SearchAttributeType.INT),
  escalatedTo: defineSearchAttributeKey('CaseEscalatedTo', SearchAttributeType.KEYWORD_LIST),
  updatedAt: defineSearchAttributeKey('CaseUpdatedAt', SearchAttributeType.DATETIME),
  drill: defineSearchAttributeKey('CaseDrill', SearchAttributeType.BOOL),
  text: defineSearchAttributeKey('CaseText', SearchAttributeType.TEXT),
};

/** The `--search-attribute Name=Type` pairs the Temporal CLI dev server needs to accept the keys above. */
export function searchAttributeCliPairs(): string[] {
  const cliType: Record<string, string> = {
    KEYWORD: 'Keyword',
    DATETIME: 'Datetime',
    KEYWORD_LIST: 'KeywordList',
    INT: 'Int',
    BOOL: 'Bool',
    TEXT: 'Text',
  };
  return Object.values(caseSearchAttributes).map((key) => `${key.name}=${cliType[key.type] ?? 'Keyword'}`);
}
