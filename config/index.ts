/**
 * Configuration's front door: the files under config/ (or CONFIG_DIR) read and validated at start, and the paths and
 * settings the processes share. The API, the worker and the activities import this module only (checked by
 * .dependency-cruiser.cjs; docs/architecture.md).
 */
export {
  ChannelsFileSchema,
  SiteChannelsSchema,
  SmsAccountSchema,
  channelSecret,
  channelsFileOf,
  loadChannels,
  type ChannelsFile,
  type SignedRobot,
  type SiteChannels,
  type SmsAccount,
  type WecomRobot,
} from './channels';
export { nextRungOf, type NextRung } from './ladder';
export {
  DatedShiftSchema,
  RoleRosterSchema,
  RosterFileSchema,
  WeeklyShiftSchema,
  loadRosters,
  onDutyAt,
  personOnDutyAt,
  type RosterAnswer,
  type SiteRoster,
} from './roster';
export { ConfigError, EnvSchema, rawEnv, readEnv, secretFromEnv, type Env } from './env';
export { loadSettings, type Settings } from './settings';
export { configDir, loadConfig, productionProblems, type AppConfig } from './load';
export { parseFile } from './parse';
export {
  AttachmentLimitsSchema,
  defaultAttachmentLimits,
  loadAttachmentLimits,
  type AttachmentLimits,
} from './attachments';
export { loadHolidayData, type HolidayData } from './holidays';
export { PanelSchema, PanelsFileSchema, type Panel } from './panels';
export { channelNames, roleNames } from './roles';
export { UserSchema, UsersFileSchema, type User } from './users';
export {
  ARGON2ID_POLICY,
  hashPassword,
  needsRehash,
  PASSWORD_HASH,
  UNUSABLE_HASH,
  verifyPassword,
  verifyPasswordSync,
} from './passwords';
export { dataDir, repoRoot, TASK_QUEUE } from './paths';
export { purposeKey, signingSecret } from './signing';
export {
  ackLinkOf,
  ackLinkTtlMs,
  signAckToken,
  verifyAckToken,
  type AckClaim,
  type AckTokenRefusal,
} from './ack-links';
export { spanPipeline, startTracing, stopTracing, tracingEnabled, type SpanPipeline } from './tracing';
export {
  connectionOptions,
  describeConnection,
  temporalConnectionSettings,
  type TemporalConnectionSettings,
} from './temporal-connection';
export { durationInWords, formatInstant, type WordsLang } from './words';
