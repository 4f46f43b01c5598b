CREATE TABLE `sync_op_failures` (
	`device_id` char(36) NOT NULL,
	`op_id` char(36) NOT NULL,
	`seq` bigint NOT NULL,
	`attempts` int NOT NULL DEFAULT 0,
	`last_error` varchar(500),
	`last_failed_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `sync_op_failures_device_id_op_id_pk` PRIMARY KEY(`device_id`,`op_id`)
);
