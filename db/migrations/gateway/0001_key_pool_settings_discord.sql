CREATE TABLE `discord_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`user_token` text NOT NULL,
	`token_hint` text NOT NULL,
	`user_agent` text,
	`core_size` integer DEFAULT 3 NOT NULL,
	`queue_size` integer DEFAULT 10 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`disabled_reason` text,
	`remark` text,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE INDEX `discord_accounts_channel` ON `discord_accounts` (`guild_id`,`channel_id`);--> statement-breakpoint
CREATE TABLE `gateway_settings` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `provider_keys` ADD `updated_at` integer;