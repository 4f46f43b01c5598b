/**
 * Feature message files, merged into the catalogue. Add a feature: create messages/<feature>.ts
 * with defineMessages(), import it here and spread it into both sides.
 */
import { billingMessages } from './billing';
import { catalogueMessages } from './catalogue';
import { routersMessages } from './routers';
import { routerSyncMessages } from './router-sync';
import { midtransMessages } from './midtrans';
import { techMessages } from './tech';
import { syncMessages } from './sync';
import { offlineMessages } from './offline';
import { reportsMessages } from './reports';
import { routerJobsMessages } from './router-jobs';
import { settingsMessages } from './settings';
import { historyMessages } from './history';
import { auditMessages } from './audit';
import { inputBoundsMessages } from './input-bounds';
import { moneyMessages } from './money';
import { cashMessages } from './cash';
import { backupMessages } from './backup';
import { whatsappMessages } from './whatsapp';
import { apiMessages } from './api';
import { portalMessages } from './portal';
import { webhooksMessages } from './webhooks';

export const featureMessages = {
	id: { ...billingMessages.id, ...catalogueMessages.id, ...routersMessages.id, ...routerSyncMessages.id, ...midtransMessages.id, ...techMessages.id, ...syncMessages.id, ...offlineMessages.id, ...reportsMessages.id, ...routerJobsMessages.id, ...settingsMessages.id, ...historyMessages.id, ...auditMessages.id, ...inputBoundsMessages.id, ...moneyMessages.id, ...cashMessages.id, ...backupMessages.id, ...whatsappMessages.id, ...apiMessages.id, ...portalMessages.id, ...webhooksMessages.id },
	en: { ...billingMessages.en, ...catalogueMessages.en, ...routersMessages.en, ...routerSyncMessages.en, ...midtransMessages.en, ...techMessages.en, ...syncMessages.en, ...offlineMessages.en, ...reportsMessages.en, ...routerJobsMessages.en, ...settingsMessages.en, ...historyMessages.en, ...auditMessages.en, ...inputBoundsMessages.en, ...moneyMessages.en, ...cashMessages.en, ...backupMessages.en, ...whatsappMessages.en, ...apiMessages.en, ...portalMessages.en, ...webhooksMessages.en }
};
