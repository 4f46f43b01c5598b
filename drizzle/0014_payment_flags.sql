CREATE TABLE `payment_flags` (
	`payment_id` char(36) NOT NULL,
	`reason` enum('cash-above-owed') NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `payment_flags_payment_id_reason_pk` PRIMARY KEY(`payment_id`,`reason`)
);
--> statement-breakpoint
ALTER TABLE `payment_flags` ADD CONSTRAINT `payment_flags_payment_id_payments_id_fk` FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `payment_flags_reason_idx` ON `payment_flags` (`reason`,`created_at`);