ALTER TABLE `upstream_tasks` ADD `account_id` text;--> statement-breakpoint
ALTER TABLE `upstream_tasks` ADD `buttons` text;--> statement-breakpoint
CREATE INDEX `upstream_tasks_account` ON `upstream_tasks` (`account_id`,`status`);