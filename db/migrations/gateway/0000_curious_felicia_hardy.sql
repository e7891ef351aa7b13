CREATE TABLE `provider_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`name` text NOT NULL,
	`secret` text NOT NULL,
	`hint` text NOT NULL,
	`base_url` text,
	`weight` integer DEFAULT 1 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`disabled_reason` text,
	`cooldown_until` integer,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`last_used_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `provider_keys_provider` ON `provider_keys` (`provider`);--> statement-breakpoint
CREATE TABLE `request_log` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`request_id` text NOT NULL,
	`capability` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`key_id` text,
	`status` text NOT NULL,
	`error_code` text,
	`latency_ms` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `request_log_created` ON `request_log` (`created_at`);--> statement-breakpoint
CREATE INDEX `request_log_provider` ON `request_log` (`provider`,`created_at`);