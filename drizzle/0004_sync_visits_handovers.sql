CREATE TABLE `cash_handovers` (
	`id` char(36) NOT NULL,
	`technician_id` char(36) NOT NULL,
	`device_id` char(36),
	`expected_amount` bigint NOT NULL,
	`amount` bigint NOT NULL,
	`counted_amount` bigint,
	`status` enum('pending','confirmed') NOT NULL DEFAULT 'pending',
	`note` varchar(255),
	`handed_over_at` datetime(3) NOT NULL,
	`confirmed_by` char(36),
	`confirmed_at` datetime(3),
	`confirm_note` varchar(255),
	`version` bigint NOT NULL DEFAULT 0,
	`deleted_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `cash_handovers_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `handover_payments` (
	`payment_id` char(36) NOT NULL,
	`handover_id` char(36) NOT NULL,
	CONSTRAINT `handover_payments_payment_id` PRIMARY KEY(`payment_id`)
);
--> statement-breakpoint
CREATE TABLE `visits` (
	`id` char(36) NOT NULL,
	`customer_id` char(36) NOT NULL,
	`user_id` char(36) NOT NULL,
	`device_id` char(36),
	`outcome` enum('not-home','promised','refused') NOT NULL,
	`promised_date` date,
	`note` varchar(255),
	`visited_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `visits_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `sync_devices` ADD `scope_hash` char(64);--> statement-breakpoint
ALTER TABLE `sync_devices` ADD `last_push_at` datetime(3);--> statement-breakpoint
ALTER TABLE `sync_devices` ADD `last_pull_at` datetime(3);--> statement-breakpoint
ALTER TABLE `sync_devices` ADD `refused_at` datetime(3);--> statement-breakpoint
ALTER TABLE `sync_devices` ADD `refused_ops` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `cash_handovers` ADD CONSTRAINT `cash_handovers_technician_id_users_id_fk` FOREIGN KEY (`technician_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `cash_handovers` ADD CONSTRAINT `cash_handovers_confirmed_by_users_id_fk` FOREIGN KEY (`confirmed_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `handover_payments` ADD CONSTRAINT `handover_payments_payment_id_payments_id_fk` FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `handover_payments` ADD CONSTRAINT `handover_payments_handover_id_cash_handovers_id_fk` FOREIGN KEY (`handover_id`) REFERENCES `cash_handovers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `visits` ADD CONSTRAINT `visits_customer_id_customers_id_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `visits` ADD CONSTRAINT `visits_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `cash_handovers_technician_version_idx` ON `cash_handovers` (`technician_id`,`version`);--> statement-breakpoint
CREATE INDEX `cash_handovers_status_idx` ON `cash_handovers` (`status`,`handed_over_at`);--> statement-breakpoint
CREATE INDEX `cash_handovers_version_idx` ON `cash_handovers` (`version`);--> statement-breakpoint
CREATE INDEX `handover_payments_handover_idx` ON `handover_payments` (`handover_id`);--> statement-breakpoint
CREATE INDEX `visits_customer_idx` ON `visits` (`customer_id`,`visited_at`);--> statement-breakpoint
CREATE INDEX `visits_user_idx` ON `visits` (`user_id`,`visited_at`);