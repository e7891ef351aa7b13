ALTER TABLE `credit_holds` ADD `lease_id` text;--> statement-breakpoint
ALTER TABLE `credit_holds` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `idempotency_keys` ADD `lease_id` text;--> statement-breakpoint
ALTER TABLE `idempotency_keys` ADD `lease_until` integer;--> statement-breakpoint
CREATE INDEX `idempotency_keys_pending` ON `idempotency_keys` (`status`,`lease_id`);