CREATE TABLE `price_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`ratio` real DEFAULT 1 NOT NULL,
	`overrides` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `tenants` ADD `price_group_id` text;