CREATE TABLE `redemption_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`credits` integer NOT NULL,
	`max_uses` integer DEFAULT 1 NOT NULL,
	`code_count` integer NOT NULL,
	`note` text,
	`expires_at` integer,
	`disabled_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `redemption_batches_created` ON `redemption_batches` (`created_at`);--> statement-breakpoint
CREATE TABLE `redemption_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`prefix` text NOT NULL,
	`max_uses` integer NOT NULL,
	`uses` integer DEFAULT 0 NOT NULL,
	`last_used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `redemption_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "redemption_codes_uses" CHECK("redemption_codes"."uses" <= "redemption_codes"."max_uses")
);
--> statement-breakpoint
CREATE INDEX `redemption_codes_batch` ON `redemption_codes` (`batch_id`);--> statement-breakpoint
CREATE TABLE `redemption_uses` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code_hash` text NOT NULL,
	`batch_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`credits` integer NOT NULL,
	`ledger_seq` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `redemption_uses_code_tenant` ON `redemption_uses` (`code_hash`,`tenant_id`);--> statement-breakpoint
CREATE INDEX `redemption_uses_batch` ON `redemption_uses` (`batch_id`);--> statement-breakpoint
CREATE TABLE `tenant_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`type` text NOT NULL,
	`data` text NOT NULL,
	`webhook_status` text,
	`webhook_lease_until` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tenant_events_webhook` ON `tenant_events` (`webhook_status`);--> statement-breakpoint
CREATE INDEX `tenant_events_tenant` ON `tenant_events` (`tenant_id`);--> statement-breakpoint
ALTER TABLE `tenants` ADD `low_balance_threshold` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `low_balance_alerted_at` integer;