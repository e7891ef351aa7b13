CREATE TABLE `upstream_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`server_task_id` text NOT NULL,
	`capability` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`upstream_model` text NOT NULL,
	`key_id` text,
	`upstream_task_id` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`storage_mode` text NOT NULL,
	`files` text,
	`error` text,
	`poll_failures` integer DEFAULT 0 NOT NULL,
	`last_polled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `upstream_tasks_server_task` ON `upstream_tasks` (`tenant_id`,`server_task_id`);--> statement-breakpoint
CREATE INDEX `upstream_tasks_status` ON `upstream_tasks` (`status`);