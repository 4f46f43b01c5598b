CREATE TABLE `api_idempotency` (
	`api_key_id` char(36) NOT NULL,
	`idempotency_key` varchar(128) NOT NULL,
	`request_hash` char(64) NOT NULL,
	`status` smallint NOT NULL,
	`body` json NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `api_idempotency_api_key_id_idempotency_key_pk` PRIMARY KEY(`api_key_id`,`idempotency_key`)
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` char(36) NOT NULL,
	`name` varchar(80) NOT NULL,
	`prefix` varchar(16) NOT NULL,
	`secret_hash` char(64) NOT NULL,
	`scope` enum('read','read-write') NOT NULL,
	`area_ids` json,
	`expires_at` datetime(3),
	`created_by` char(36) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`last_used_at` datetime(3),
	`revoked_at` datetime(3),
	CONSTRAINT `api_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_keys_secret_hash_uq` UNIQUE(`secret_hash`),
	CONSTRAINT `api_keys_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `api_key_id` char(36);--> statement-breakpoint
ALTER TABLE `api_keys` ADD CONSTRAINT `api_keys_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `api_idempotency_created_idx` ON `api_idempotency` (`created_at`);