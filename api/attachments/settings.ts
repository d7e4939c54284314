import path from 'node:path';
import { dataDir, defaultAttachmentLimits, type AppConfig, type AttachmentLimits } from '../../config';

/** What the file routes need: limits from config, and the folder the filesystem store and the ledgers live in. */
export interface AttachmentSettings extends AttachmentLimits {
  /** DATA_DIR/attachments by default. */
  root: string;
}

/** The file routes' settings: config/attachments.yaml as loaded at start (the defaults if absent), under DATA_DIR. */
export function attachmentSettingsOf(config: Pick<AppConfig, 'attachments'>): AttachmentSettings {
  return { ...(config.attachments ?? defaultAttachmentLimits), root: path.join(dataDir(), 'attachments') };
}
