import type { DbOrTx } from '../db/index';
import { readSetting } from '../settings';
import { MESSAGE_TEMPLATES_KEY, messageTemplatesSchema, type MessageTemplates } from '../../shared/templates';

export function readMessageTemplates(db: DbOrTx): Promise<MessageTemplates> {
	return readSetting(db, MESSAGE_TEMPLATES_KEY, messageTemplatesSchema);
}
