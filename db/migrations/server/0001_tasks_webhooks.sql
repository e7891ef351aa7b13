CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`user_id` text,
	`type` text NOT NULL,
	`model` text NOT NULL,
	`provider` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`request` text NOT NULL,
	`hold_id` text NOT NULL,
	`held_credits` integer NOT NULL,
	`charged_credits` integer,
	`callback_url` text,
	`gateway_task_id` text,
	`sandbox` integer,
	`result` text,
	`error` text,
	`deadline_at` integer NOT NULL,
	`webhook_status` text,
	`webhook_lease_until` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tasks_tenant_created` ON `tasks` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tasks_status` ON `tasks` (`status`);--> statement-breakpoint
CREATE INDEX `tasks_hold` ON `tasks` (`hold_id`);--> statement-breakpoint
CREATE INDEX `tasks_webhook` ON `tasks` (`webhook_status`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`task_id` text NOT NULL,
	`url` text NOT NULL,
	`attempt` integer NOT NULL,
	`status_code` integer,
	`error` text,
	`succeeded` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`started_at` integer NOT NULL,
	`next_attempt_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_attempt` ON `webhook_deliveries` (`delivery_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_task` ON `webhook_deliveries` (`task_id`);