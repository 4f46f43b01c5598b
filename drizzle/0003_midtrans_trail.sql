CREATE TABLE `midtrans_status_checks` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`order_id` varchar(50) NOT NULL,
	`checked_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`reason` varchar(16) NOT NULL,
	`transaction_status` varchar(32),
	`outcome` varchar(64) NOT NULL,
	`detail` varchar(500),
	CONSTRAINT `midtrans_status_checks_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `midtrans_notifications` ADD `process_attempts` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `midtrans_transactions` ADD `paid_amount` bigint;--> statement-breakpoint
ALTER TABLE `midtrans_transactions` ADD `payment_id` char(36);--> statement-breakpoint
ALTER TABLE `midtrans_transactions` ADD `flag` varchar(255);--> statement-breakpoint
ALTER TABLE `midtrans_transactions` ADD `last_checked_at` datetime(3);--> statement-breakpoint
CREATE INDEX `midtrans_status_checks_order_idx` ON `midtrans_status_checks` (`order_id`,`checked_at`);