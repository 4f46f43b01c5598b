CREATE TABLE `billing_adjustments` (
	`id` char(36) NOT NULL,
	`subscription_id` char(36) NOT NULL,
	`amount` bigint NOT NULL,
	`description` varchar(255) NOT NULL,
	`source_key` varchar(128) NOT NULL,
	`invoice_id` char(36),
	`created_by` char(36),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `billing_adjustments_id` PRIMARY KEY(`id`),
	CONSTRAINT `billing_adjustments_source_uq` UNIQUE(`source_key`)
);
--> statement-breakpoint
ALTER TABLE `payments` MODIFY COLUMN `receipt_number` varchar(32);--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `isolation_reason` enum('arrears','manual');--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `isolated_at` datetime(3);--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `isolation_hold_until` date;--> statement-breakpoint
ALTER TABLE `billing_adjustments` ADD CONSTRAINT `billing_adjustments_subscription_id_subscriptions_id_fk` FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `billing_adjustments` ADD CONSTRAINT `billing_adjustments_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `billing_adjustments` ADD CONSTRAINT `billing_adjustments_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `billing_adjustments_pending_idx` ON `billing_adjustments` (`subscription_id`,`invoice_id`);--> statement-breakpoint
CREATE INDEX `customers_credit_idx` ON `customers` (`credit_balance`);--> statement-breakpoint
CREATE INDEX `invoices_due_idx` ON `invoices` (`due_date`);