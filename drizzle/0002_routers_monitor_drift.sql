CREATE TABLE `router_drift` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`router_id` char(36) NOT NULL,
	`subscription_id` char(36),
	`service_username` varchar(64) NOT NULL,
	`kind` varchar(32) NOT NULL,
	`detail` json,
	`detected_at` datetime(3) NOT NULL,
	`fix_job_id` bigint unsigned,
	CONSTRAINT `router_drift_id` PRIMARY KEY(`id`),
	CONSTRAINT `router_drift_uq` UNIQUE(`router_id`,`kind`,`service_username`)
);
--> statement-breakpoint
CREATE TABLE `router_snapshots` (
	`router_id` char(36) NOT NULL,
	`kind` varchar(32) NOT NULL,
	`data` json NOT NULL,
	`taken_at` datetime(3) NOT NULL,
	CONSTRAINT `router_snapshots_router_id_kind_pk` PRIMARY KEY(`router_id`,`kind`)
);
--> statement-breakpoint
ALTER TABLE `router_jobs` ADD `result` json;--> statement-breakpoint
ALTER TABLE `router_jobs` ADD `requested_by` char(36);--> statement-breakpoint
ALTER TABLE `router_jobs` ADD `started_at` datetime(3);--> statement-breakpoint
ALTER TABLE `routers` ADD `last_checked_at` datetime(3);--> statement-breakpoint
ALTER TABLE `routers` ADD `auto_fix_drift` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `routers` ADD `watch_interface` varchar(64);--> statement-breakpoint
ALTER TABLE `routers` ADD `watch_until` datetime(3);--> statement-breakpoint
ALTER TABLE `router_drift` ADD CONSTRAINT `router_drift_router_id_routers_id_fk` FOREIGN KEY (`router_id`) REFERENCES `routers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `router_drift` ADD CONSTRAINT `router_drift_subscription_id_subscriptions_id_fk` FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `router_snapshots` ADD CONSTRAINT `router_snapshots_router_id_routers_id_fk` FOREIGN KEY (`router_id`) REFERENCES `routers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `router_jobs` ADD CONSTRAINT `router_jobs_requested_by_users_id_fk` FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;