/**
 * Feature message files, merged into the catalogue. Add a feature: create messages/<feature>.ts
 * with defineMessages(), import it here and spread it into both sides.
 */
import { billingMessages } from './billing';
import { catalogueMessages } from './catalogue';

export const featureMessages = {
	id: { ...billingMessages.id, ...catalogueMessages.id },
	en: { ...billingMessages.en, ...catalogueMessages.en }
};
