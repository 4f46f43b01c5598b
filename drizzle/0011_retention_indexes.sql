CREATE INDEX `login_throttle_window_idx` ON `login_throttle` (`window_started_at`);--> statement-breakpoint
CREATE INDEX `midtrans_notifications_received_idx` ON `midtrans_notifications` (`received_at`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);