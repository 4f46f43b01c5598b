CREATE TABLE `wa_message_attempts` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`message_id` bigint unsigned NOT NULL,
	`attempt` int NOT NULL,
	`worker_id` varchar(64) NOT NULL,
	`gateway` varchar(16) NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	`outcome` enum('accepted','retry','rejected','misconfigured','unknown','abandoned'),
	`http_status` smallint,
	`provider_message_id` varchar(128),
	`answer` varchar(2000),
	CONSTRAINT `wa_message_attempts_id` PRIMARY KEY(`id`),
	CONSTRAINT `wa_message_attempts_uq` UNIQUE(`message_id`,`attempt`)
);
--> statement-breakpoint
CREATE TABLE `wa_messages` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`dedupe_key` varchar(191) NOT NULL,
	`customer_id` char(36),
	`phone` varchar(20),
	`kind` enum('invoice_issued','due_soon','due_today','isolated','payment_receipt','restored','handover_confirmed','one_time_code','test') NOT NULL,
	`quiet_hours` boolean NOT NULL DEFAULT true,
	`body` text NOT NULL,
	`template` json,
	`status` enum('queued','sending','sent','delivered','read','failed','dead','cancelled','unsure') NOT NULL DEFAULT 'queued',
	`attempts` int NOT NULL DEFAULT 0,
	`max_attempts` int NOT NULL DEFAULT 8,
	`next_attempt_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`locked_by` varchar(64),
	`locked_until` datetime(3),
	`gateway` varchar(16),
	`provider_message_id` varchar(128),
	`last_error` varchar(1000),
	`expires_at` datetime(3),
	`sent_at` datetime(3),
	`delivered_at` datetime(3),
	`read_at` datetime(3),
	`finished_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `wa_messages_id` PRIMARY KEY(`id`),
	CONSTRAINT `wa_messages_dedupe_uq` UNIQUE(`dedupe_key`)
);
--> statement-breakpoint
ALTER TABLE `wa_message_attempts` ADD CONSTRAINT `wa_message_attempts_message_id_wa_messages_id_fk` FOREIGN KEY (`message_id`) REFERENCES `wa_messages`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `wa_messages` ADD CONSTRAINT `wa_messages_customer_id_customers_id_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `wa_messages_claim_idx` ON `wa_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `wa_messages_expiry_idx` ON `wa_messages` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `wa_messages_customer_idx` ON `wa_messages` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `wa_messages_provider_idx` ON `wa_messages` (`provider_message_id`);