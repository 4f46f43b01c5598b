/** Who changes a setting, for `updated_by` and the audit trail. */
export interface SettingsActor {
	userId: string;
	ipAddress: string | null;
}
