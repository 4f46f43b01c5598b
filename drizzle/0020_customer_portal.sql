CREATE TABLE `portal_codes` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`customer_id` char(36) NOT NULL,
	`phone` varchar(32) NOT NULL,
	`code_hash` char(64) NOT NULL,
	`attempts` int NOT NULL DEFAULT 0,
	`expires_at` datetime(3) NOT NULL,
	`used_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `portal_codes_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `portal_sessions` (
	`id` char(64) NOT NULL,
	`customer_id` char(36) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`expires_at` datetime(3) NOT NULL,
	`revoked_at` datetime(3),
	CONSTRAINT `portal_sessions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` char(36) NOT NULL,
	`customer_id` char(36) NOT NULL,
	`subscription_id` char(36),
	`category` enum('no_connection','slow','billing','device','other') NOT NULL,
	`description` text NOT NULL,
	`status` enum('open','closed') NOT NULL DEFAULT 'open',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `tickets_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `customers` ADD `portal_pin_hash` varchar(255);--> statement-breakpoint
ALTER TABLE `portal_codes` ADD CONSTRAINT `portal_codes_customer_id_customers_id_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `portal_sessions` ADD CONSTRAINT `portal_sessions_customer_id_customers_id_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_customer_id_customers_id_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_subscription_id_subscriptions_id_fk` FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `portal_codes_phone_idx` ON `portal_codes` (`phone`,`created_at`);--> statement-breakpoint
CREATE INDEX `portal_codes_expires_idx` ON `portal_codes` (`expires_at`);--> statement-breakpoint
CREATE INDEX `portal_sessions_customer_idx` ON `portal_sessions` (`customer_id`);--> statement-breakpoint
CREATE INDEX `portal_sessions_expires_idx` ON `portal_sessions` (`expires_at`);--> statement-breakpoint
CREATE INDEX `tickets_status_idx` ON `tickets` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_customer_idx` ON `tickets` (`customer_id`,`created_at`);