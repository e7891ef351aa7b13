DROP INDEX `upstream_tasks_status`;--> statement-breakpoint
ALTER TABLE `upstream_tasks` ADD `last_visited_at` integer;--> statement-breakpoint
CREATE INDEX `upstream_tasks_status` ON `upstream_tasks` (`status`,`last_visited_at`);