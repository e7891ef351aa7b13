ALTER TABLE `admins` ADD `token_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenant_users` ADD `token_version` integer DEFAULT 0 NOT NULL;