ALTER TABLE `payments` ADD `flag_reviewed_at` datetime(3);--> statement-breakpoint
ALTER TABLE `payments` ADD `flag_reviewed_by` char(36);--> statement-breakpoint
ALTER TABLE `payments` ADD `flag_review_note` varchar(255);--> statement-breakpoint
ALTER TABLE `sync_ops` ADD `reviewed_at` datetime(3);--> statement-breakpoint
ALTER TABLE `sync_ops` ADD `reviewed_by` char(36);--> statement-breakpoint
ALTER TABLE `sync_ops` ADD `review_note` varchar(255);--> statement-breakpoint
ALTER TABLE `payments` ADD CONSTRAINT `payments_flag_reviewed_by_users_id_fk` FOREIGN KEY (`flag_reviewed_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `sync_ops` ADD CONSTRAINT `sync_ops_reviewed_by_users_id_fk` FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `payments_flag_review_idx` ON `payments` (`flag_reviewed_at`,`flag`);--> statement-breakpoint
CREATE INDEX `sync_ops_review_idx` ON `sync_ops` (`status`,`reviewed_at`,`applied_at`);