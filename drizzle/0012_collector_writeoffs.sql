CREATE TABLE `cash_writeoffs` (
	`id` char(36) NOT NULL,
	`collector_id` char(36) NOT NULL,
	`amount` bigint NOT NULL,
	`reason` varchar(255) NOT NULL,
	`created_by` char(36) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `cash_writeoffs_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `cash_writeoffs` ADD CONSTRAINT `cash_writeoffs_collector_id_users_id_fk` FOREIGN KEY (`collector_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `cash_writeoffs` ADD CONSTRAINT `cash_writeoffs_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `cash_writeoffs_collector_idx` ON `cash_writeoffs` (`collector_id`,`created_at`);