CREATE TABLE `webhook_deliveries` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`endpoint_id` char(36) NOT NULL,
	`event_id` char(36) NOT NULL,
	`event_type` varchar(40) NOT NULL,
	`body` text NOT NULL,
	`status` enum('queued','sending','delivered','dead') NOT NULL DEFAULT 'queued',
	`attempts` int NOT NULL DEFAULT 0,
	`max_attempts` int NOT NULL DEFAULT 10,
	`next_attempt_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`locked_by` varchar(64),
	`locked_until` datetime(3),
	`last_status_code` smallint,
	`last_error` varchar(500),
	`delivered_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `webhook_deliveries_id` PRIMARY KEY(`id`),
	CONSTRAINT `webhook_deliveries_event_uq` UNIQUE(`endpoint_id`,`event_id`)
);
--> statement-breakpoint
CREATE TABLE `webhook_delivery_attempts` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`delivery_id` bigint unsigned NOT NULL,
	`attempt` int NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	`status_code` smallint,
	`duration_ms` int,
	`error` varchar(500),
	CONSTRAINT `webhook_delivery_attempts_id` PRIMARY KEY(`id`),
	CONSTRAINT `webhook_delivery_attempts_uq` UNIQUE(`delivery_id`,`attempt`)
);
--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` char(36) NOT NULL,
	`url` varchar(500) NOT NULL,
	`description` varchar(120) NOT NULL DEFAULT '',
	`events` json NOT NULL,
	`secret_enc` varchar(255) NOT NULL,
	`created_by` char(36) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`deleted_at` datetime(3),
	CONSTRAINT `webhook_endpoints_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD CONSTRAINT `webhook_deliveries_endpoint_id_webhook_endpoints_id_fk` FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `webhook_delivery_attempts` ADD CONSTRAINT `webhook_delivery_attempts_delivery_id_webhook_deliveries_id_fk` FOREIGN KEY (`delivery_id`) REFERENCES `webhook_deliveries`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD CONSTRAINT `webhook_endpoints_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_claim_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_log_idx` ON `webhook_deliveries` (`endpoint_id`,`created_at`);