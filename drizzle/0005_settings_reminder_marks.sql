CREATE TABLE `reminder_marks` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`kind` enum('due','isolated') NOT NULL,
	`subject_id` char(36) NOT NULL,
	`day` date NOT NULL,
	`marked_by` char(36),
	`marked_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `reminder_marks_id` PRIMARY KEY(`id`),
	CONSTRAINT `reminder_marks_kind_subject_day_uq` UNIQUE(`kind`,`subject_id`,`day`)
);
--> statement-breakpoint
ALTER TABLE `reminder_marks` ADD CONSTRAINT `reminder_marks_marked_by_users_id_fk` FOREIGN KEY (`marked_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;