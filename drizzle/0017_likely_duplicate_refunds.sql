ALTER TABLE `payment_flags` MODIFY COLUMN `reason` enum('cash-above-owed','likely-duplicate') NOT NULL;--> statement-breakpoint
ALTER TABLE `payments` ADD `refunds_payment_id` char(36);--> statement-breakpoint
ALTER TABLE `payments` ADD `refund_reason` varchar(255);--> statement-breakpoint
ALTER TABLE `payments` ADD CONSTRAINT `payments_refunds_payment_id_payments_id_fk` FOREIGN KEY (`refunds_payment_id`) REFERENCES `payments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `payments_refunds_idx` ON `payments` (`refunds_payment_id`);