CREATE TABLE `credit_grant_cursors` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`token` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `credit_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`source` text NOT NULL,
	`source_id` text NOT NULL,
	`credits` integer NOT NULL,
	`remaining` integer NOT NULL,
	`ledger_seq` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`status` text DEFAULT 'live' NOT NULL,
	`expired_amount` integer,
	`expired_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "credit_grants_remaining" CHECK("credit_grants"."remaining" >= 0 AND "credit_grants"."remaining" <= "credit_grants"."credits")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_grants_source` ON `credit_grants` (`source`,`source_id`);--> statement-breakpoint
CREATE INDEX `credit_grants_live` ON `credit_grants` (`status`,`tenant_id`,`expires_at`);