CREATE TABLE `seen_signatures` (
	`signature` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `seen_signatures_expires` ON `seen_signatures` (`expires_at`);