CREATE TABLE `areas` (
	`id` char(36) NOT NULL,
	`name` varchar(100) NOT NULL,
	`description` varchar(255),
	`version` bigint NOT NULL DEFAULT 0,
	`deleted_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `areas_id` PRIMARY KEY(`id`),
	CONSTRAINT `areas_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`user_id` char(36),
	`action` varchar(64) NOT NULL,
	`entity` varchar(48) NOT NULL,
	`entity_id` varchar(64),
	`before` json,
	`after` json,
	`ip_address` varchar(64),
	CONSTRAINT `audit_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` char(36) NOT NULL,
	`code` varchar(16) NOT NULL,
	`name` varchar(120) NOT NULL,
	`phone` varchar(32),
	`email` varchar(255),
	`address` varchar(500) NOT NULL,
	`area_id` char(36) NOT NULL,
	`latitude` decimal(9,6),
	`longitude` decimal(9,6),
	`status` enum('active','inactive') NOT NULL DEFAULT 'active',
	`credit_balance` bigint NOT NULL DEFAULT 0,
	`notes` text,
	`created_by` char(36),
	`version` bigint NOT NULL DEFAULT 0,
	`deleted_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `customers_id` PRIMARY KEY(`id`),
	CONSTRAINT `customers_code_uq` UNIQUE(`code`)
);
--> statement-breakpoint
CREATE TABLE `invoice_items` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`invoice_id` char(36) NOT NULL,
	`kind` enum('package','proration','adjustment') NOT NULL,
	`description` varchar(255) NOT NULL,
	`amount` bigint NOT NULL,
	CONSTRAINT `invoice_items_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` char(36) NOT NULL,
	`number` varchar(32) NOT NULL,
	`subscription_id` char(36) NOT NULL,
	`customer_id` char(36) NOT NULL,
	`period_start` date NOT NULL,
	`period_end` date NOT NULL,
	`amount` bigint NOT NULL,
	`amount_paid` bigint NOT NULL DEFAULT 0,
	`due_date` date NOT NULL,
	`status` enum('unpaid','partial','paid','void') NOT NULL DEFAULT 'unpaid',
	`overdue_since` date,
	`pay_token` varchar(64) NOT NULL,
	`void_reason` varchar(255),
	`voided_by` char(36),
	`issued_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`version` bigint NOT NULL DEFAULT 0,
	`deleted_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `invoices_id` PRIMARY KEY(`id`),
	CONSTRAINT `invoices_number_uq` UNIQUE(`number`),
	CONSTRAINT `invoices_subscription_period_uq` UNIQUE(`subscription_id`,`period_start`),
	CONSTRAINT `invoices_pay_token_uq` UNIQUE(`pay_token`)
);
--> statement-breakpoint
CREATE TABLE `login_throttle` (
	`scope` enum('username','address') NOT NULL,
	`subject` varchar(128) NOT NULL,
	`failures` int NOT NULL DEFAULT 0,
	`window_started_at` datetime(3) NOT NULL,
	`locked_until` datetime(3),
	CONSTRAINT `login_throttle_scope_subject_pk` PRIMARY KEY(`scope`,`subject`)
);
--> statement-breakpoint
CREATE TABLE `midtrans_notifications` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`received_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`order_id` varchar(64),
	`transaction_id` varchar(64),
	`transaction_status` varchar(32),
	`raw` json NOT NULL,
	`signature_valid` boolean NOT NULL,
	`outcome` varchar(64),
	`detail` varchar(500),
	`processed_at` datetime(3),
	CONSTRAINT `midtrans_notifications_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `midtrans_transactions` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`invoice_id` char(36) NOT NULL,
	`order_id` varchar(50) NOT NULL,
	`gross_amount` bigint NOT NULL,
	`snap_token` varchar(255),
	`redirect_url` varchar(500),
	`transaction_id` varchar(64),
	`status` varchar(32) NOT NULL DEFAULT 'created',
	`payment_type` varchar(32),
	`expires_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `midtrans_transactions_id` PRIMARY KEY(`id`),
	CONSTRAINT `midtrans_transactions_order_uq` UNIQUE(`order_id`),
	CONSTRAINT `midtrans_transactions_txn_uq` UNIQUE(`transaction_id`)
);
--> statement-breakpoint
CREATE TABLE `number_counters` (
	`scope` varchar(32) NOT NULL,
	`last_value` bigint NOT NULL DEFAULT 0,
	CONSTRAINT `number_counters_scope` PRIMARY KEY(`scope`)
);
--> statement-breakpoint
CREATE TABLE `packages` (
	`id` char(36) NOT NULL,
	`name` varchar(100) NOT NULL,
	`price` bigint NOT NULL,
	`service_type` enum('pppoe','hotspot','static') NOT NULL DEFAULT 'pppoe',
	`router_profile` varchar(64) NOT NULL,
	`rate_limit` varchar(128) NOT NULL,
	`burst` varchar(128),
	`priority` tinyint unsigned NOT NULL DEFAULT 8,
	`active` boolean NOT NULL DEFAULT true,
	`version` bigint NOT NULL DEFAULT 0,
	`deleted_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `packages_id` PRIMARY KEY(`id`),
	CONSTRAINT `packages_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `payment_allocations` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`payment_id` char(36) NOT NULL,
	`invoice_id` char(36) NOT NULL,
	`amount` bigint NOT NULL,
	CONSTRAINT `payment_allocations_id` PRIMARY KEY(`id`),
	CONSTRAINT `payment_allocations_uq` UNIQUE(`payment_id`,`invoice_id`)
);
--> statement-breakpoint
CREATE TABLE `payments` (
	`id` char(36) NOT NULL,
	`receipt_number` varchar(32) NOT NULL,
	`customer_id` char(36) NOT NULL,
	`invoice_id` char(36),
	`amount` bigint NOT NULL,
	`method` enum('cash','transfer','midtrans','credit') NOT NULL,
	`collected_by` char(36),
	`received_at` datetime(3) NOT NULL,
	`source` enum('office','device','midtrans','system') NOT NULL,
	`external_id` varchar(100) NOT NULL,
	`voids_payment_id` char(36),
	`void_reason` varchar(255),
	`flag` varchar(255),
	`note` varchar(255),
	`version` bigint NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `payments_id` PRIMARY KEY(`id`),
	CONSTRAINT `payments_source_external_uq` UNIQUE(`source`,`external_id`),
	CONSTRAINT `payments_receipt_uq` UNIQUE(`receipt_number`),
	CONSTRAINT `payments_voids_uq` UNIQUE(`voids_payment_id`)
);
--> statement-breakpoint
CREATE TABLE `router_jobs` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`router_id` char(36) NOT NULL,
	`subscription_id` char(36),
	`action` varchar(32) NOT NULL,
	`desired_state` enum('active','isolated','absent'),
	`payload` json,
	`status` enum('queued','running','done','dead') NOT NULL DEFAULT 'queued',
	`attempts` int NOT NULL DEFAULT 0,
	`max_attempts` int NOT NULL DEFAULT 8,
	`next_attempt_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`locked_by` varchar(64),
	`locked_until` datetime(3),
	`last_error` varchar(1000),
	`dedupe_key` varchar(128),
	`finished_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `router_jobs_id` PRIMARY KEY(`id`),
	CONSTRAINT `router_jobs_dedupe_uq` UNIQUE(`dedupe_key`)
);
--> statement-breakpoint
CREATE TABLE `routers` (
	`id` char(36) NOT NULL,
	`name` varchar(100) NOT NULL,
	`host` varchar(255) NOT NULL,
	`api_port` smallint unsigned NOT NULL DEFAULT 8728,
	`use_tls` boolean NOT NULL DEFAULT false,
	`username` varchar(64) NOT NULL,
	`password_enc` text NOT NULL,
	`ros_major` tinyint unsigned,
	`ros_version` varchar(32),
	`board_name` varchar(64),
	`isolation_method` enum('disable','profile','address-list') NOT NULL DEFAULT 'profile',
	`isolir_profile` varchar(64) NOT NULL DEFAULT 'isolir',
	`isolir_address_list` varchar(64) NOT NULL DEFAULT 'isolir',
	`status` enum('unknown','up','down') NOT NULL DEFAULT 'unknown',
	`last_error` varchar(500),
	`last_seen_at` datetime(3),
	`deleted_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `routers_id` PRIMARY KEY(`id`),
	CONSTRAINT `routers_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` char(64) NOT NULL,
	`user_id` char(36) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`last_seen_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`expires_at` datetime(3) NOT NULL,
	`revoked_at` datetime(3),
	`ip_address` varchar(64),
	`user_agent` varchar(255),
	CONSTRAINT `sessions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` varchar(64) NOT NULL,
	`value` json NOT NULL,
	`updated_by` char(36),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `settings_key` PRIMARY KEY(`key`)
);
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` char(36) NOT NULL,
	`customer_id` char(36) NOT NULL,
	`package_id` char(36) NOT NULL,
	`router_id` char(36),
	`service_username` varchar(64),
	`live_service_username` varchar(64),
	`service_password_enc` text,
	`static_ip` varchar(45),
	`billing_day` tinyint unsigned NOT NULL,
	`start_date` date NOT NULL,
	`paid_through` date,
	`status` enum('active','isolated','terminated') NOT NULL DEFAULT 'active',
	`desired_router_state` enum('active','isolated','absent') NOT NULL DEFAULT 'active',
	`confirmed_router_state` enum('active','isolated','absent','unknown') NOT NULL DEFAULT 'unknown',
	`auto_renew` boolean NOT NULL DEFAULT true,
	`terminated_at` datetime(3),
	`version` bigint NOT NULL DEFAULT 0,
	`deleted_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `subscriptions_id` PRIMARY KEY(`id`),
	CONSTRAINT `subscriptions_router_username_uq` UNIQUE(`router_id`,`live_service_username`)
);
--> statement-breakpoint
CREATE TABLE `sync_counter` (
	`id` tinyint unsigned NOT NULL,
	`value` bigint NOT NULL DEFAULT 0,
	CONSTRAINT `sync_counter_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `sync_devices` (
	`id` char(36) NOT NULL,
	`user_id` char(36) NOT NULL,
	`last_applied_seq` bigint NOT NULL DEFAULT 0,
	`last_seen_at` datetime(3),
	`user_agent` varchar(255),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `sync_devices_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `sync_ops` (
	`device_id` char(36) NOT NULL,
	`seq` bigint NOT NULL,
	`op_id` char(36) NOT NULL,
	`type` varchar(48) NOT NULL,
	`payload` json NOT NULL,
	`status` enum('applied','rejected') NOT NULL,
	`result` json,
	`error` varchar(500),
	`applied_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `sync_ops_device_id_seq_pk` PRIMARY KEY(`device_id`,`seq`),
	CONSTRAINT `sync_ops_op_uq` UNIQUE(`op_id`)
);
--> statement-breakpoint
CREATE TABLE `task_runs` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`task` varchar(48) NOT NULL,
	`run_key` varchar(96),
	`status` enum('running','done','failed') NOT NULL DEFAULT 'running',
	`progress` json,
	`triggered_by` char(36),
	`error` varchar(1000),
	`started_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`heartbeat_at` datetime(3),
	`finished_at` datetime(3),
	CONSTRAINT `task_runs_id` PRIMARY KEY(`id`),
	CONSTRAINT `task_runs_run_key_uq` UNIQUE(`run_key`)
);
--> statement-breakpoint
CREATE TABLE `user_areas` (
	`user_id` char(36) NOT NULL,
	`area_id` char(36) NOT NULL,
	CONSTRAINT `user_areas_user_id_area_id_pk` PRIMARY KEY(`user_id`,`area_id`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` char(36) NOT NULL,
	`username` varchar(64) NOT NULL,
	`name` varchar(120) NOT NULL,
	`password_hash` varchar(255) NOT NULL,
	`role` enum('admin','office','technician') NOT NULL,
	`phone` varchar(32),
	`active` boolean NOT NULL DEFAULT true,
	`language` enum('id','en') NOT NULL DEFAULT 'id',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_username_uq` UNIQUE(`username`)
);
--> statement-breakpoint
ALTER TABLE `audit_log` ADD CONSTRAINT `audit_log_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `customers` ADD CONSTRAINT `customers_area_id_areas_id_fk` FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `customers` ADD CONSTRAINT `customers_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoice_items` ADD CONSTRAINT `invoice_items_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoices` ADD CONSTRAINT `invoices_subscription_id_subscriptions_id_fk` FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoices` ADD CONSTRAINT `invoices_customer_id_customers_id_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoices` ADD CONSTRAINT `invoices_voided_by_users_id_fk` FOREIGN KEY (`voided_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `midtrans_transactions` ADD CONSTRAINT `midtrans_transactions_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `payment_allocations` ADD CONSTRAINT `payment_allocations_payment_id_payments_id_fk` FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `payment_allocations` ADD CONSTRAINT `payment_allocations_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `payments` ADD CONSTRAINT `payments_customer_id_customers_id_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `payments` ADD CONSTRAINT `payments_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `payments` ADD CONSTRAINT `payments_collected_by_users_id_fk` FOREIGN KEY (`collected_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `payments` ADD CONSTRAINT `payments_voids_payment_id_payments_id_fk` FOREIGN KEY (`voids_payment_id`) REFERENCES `payments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `router_jobs` ADD CONSTRAINT `router_jobs_router_id_routers_id_fk` FOREIGN KEY (`router_id`) REFERENCES `routers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `router_jobs` ADD CONSTRAINT `router_jobs_subscription_id_subscriptions_id_fk` FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `sessions` ADD CONSTRAINT `sessions_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `settings` ADD CONSTRAINT `settings_updated_by_users_id_fk` FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD CONSTRAINT `subscriptions_customer_id_customers_id_fk` FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD CONSTRAINT `subscriptions_package_id_packages_id_fk` FOREIGN KEY (`package_id`) REFERENCES `packages`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD CONSTRAINT `subscriptions_router_id_routers_id_fk` FOREIGN KEY (`router_id`) REFERENCES `routers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `sync_devices` ADD CONSTRAINT `sync_devices_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `sync_ops` ADD CONSTRAINT `sync_ops_device_id_sync_devices_id_fk` FOREIGN KEY (`device_id`) REFERENCES `sync_devices`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `task_runs` ADD CONSTRAINT `task_runs_triggered_by_users_id_fk` FOREIGN KEY (`triggered_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `user_areas` ADD CONSTRAINT `user_areas_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `user_areas` ADD CONSTRAINT `user_areas_area_id_areas_id_fk` FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `areas_version_idx` ON `areas` (`version`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_user_idx` ON `audit_log` (`user_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `customers_area_version_idx` ON `customers` (`area_id`,`version`);--> statement-breakpoint
CREATE INDEX `customers_version_idx` ON `customers` (`version`);--> statement-breakpoint
CREATE INDEX `customers_name_idx` ON `customers` (`name`);--> statement-breakpoint
CREATE INDEX `customers_phone_idx` ON `customers` (`phone`);--> statement-breakpoint
CREATE INDEX `invoice_items_invoice_idx` ON `invoice_items` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `invoices_customer_idx` ON `invoices` (`customer_id`,`status`);--> statement-breakpoint
CREATE INDEX `invoices_status_due_idx` ON `invoices` (`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `invoices_version_idx` ON `invoices` (`version`);--> statement-breakpoint
CREATE INDEX `midtrans_notifications_order_idx` ON `midtrans_notifications` (`order_id`);--> statement-breakpoint
CREATE INDEX `midtrans_notifications_pending_idx` ON `midtrans_notifications` (`processed_at`);--> statement-breakpoint
CREATE INDEX `midtrans_transactions_invoice_idx` ON `midtrans_transactions` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `midtrans_transactions_status_idx` ON `midtrans_transactions` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `packages_version_idx` ON `packages` (`version`);--> statement-breakpoint
CREATE INDEX `payment_allocations_invoice_idx` ON `payment_allocations` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `payments_customer_idx` ON `payments` (`customer_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `payments_received_idx` ON `payments` (`received_at`);--> statement-breakpoint
CREATE INDEX `payments_collector_idx` ON `payments` (`collected_by`,`received_at`);--> statement-breakpoint
CREATE INDEX `payments_version_idx` ON `payments` (`version`);--> statement-breakpoint
CREATE INDEX `router_jobs_claim_idx` ON `router_jobs` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `router_jobs_router_idx` ON `router_jobs` (`router_id`,`status`);--> statement-breakpoint
CREATE INDEX `router_jobs_subscription_idx` ON `router_jobs` (`subscription_id`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`,`expires_at`);--> statement-breakpoint
CREATE INDEX `subscriptions_customer_idx` ON `subscriptions` (`customer_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_status_day_idx` ON `subscriptions` (`status`,`billing_day`);--> statement-breakpoint
CREATE INDEX `subscriptions_version_idx` ON `subscriptions` (`version`);--> statement-breakpoint
CREATE INDEX `subscriptions_username_idx` ON `subscriptions` (`service_username`);--> statement-breakpoint
CREATE INDEX `sync_devices_user_idx` ON `sync_devices` (`user_id`);--> statement-breakpoint
CREATE INDEX `sync_ops_status_idx` ON `sync_ops` (`status`,`applied_at`);--> statement-breakpoint
CREATE INDEX `task_runs_task_idx` ON `task_runs` (`task`,`started_at`);--> statement-breakpoint
CREATE INDEX `user_areas_area_idx` ON `user_areas` (`area_id`);