CREATE TABLE `price_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`ratio` real DEFAULT 1 NOT NULL,
	`overrides` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `credit_holds` ADD `api_key_id` text;--> statement-breakpoint
ALTER TABLE `credit_holds` ADD `user_id` text;--> statement-breakpoint
ALTER TABLE `tenant_api_keys` ADD `quota_total` integer;--> statement-breakpoint
ALTER TABLE `tenant_api_keys` ADD `quota_monthly` integer;--> statement-breakpoint
ALTER TABLE `tenant_api_keys` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `tenant_api_keys` ADD `allowed_models` text;--> statement-breakpoint
ALTER TABLE `tenant_api_keys` ADD `ip_allowlist` text;--> statement-breakpoint
ALTER TABLE `tenant_api_keys` ADD `spent_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenant_api_keys` ADD `spent_month` text;--> statement-breakpoint
ALTER TABLE `tenant_api_keys` ADD `spent_month_credits` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenant_users` ADD `cap_daily` integer;--> statement-breakpoint
ALTER TABLE `tenant_users` ADD `cap_monthly` integer;--> statement-breakpoint
ALTER TABLE `tenant_users` ADD `spent_day` text;--> statement-breakpoint
ALTER TABLE `tenant_users` ADD `spent_day_credits` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenant_users` ADD `spent_month` text;--> statement-breakpoint
ALTER TABLE `tenant_users` ADD `spent_month_credits` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `price_group_id` text;