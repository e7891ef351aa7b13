ALTER TABLE `tasks` ADD `last_polled_at` integer;--> statement-breakpoint
CREATE INDEX `tasks_status_polled` ON `tasks` (`status`,`last_polled_at`);