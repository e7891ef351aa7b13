DROP INDEX `credit_holds_status`;--> statement-breakpoint
CREATE INDEX `credit_holds_open` ON `credit_holds` (`created_at`) WHERE status = 'held';--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_credit_ledger` (
	`seq` integer PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`balance_after` integer NOT NULL,
	`hold_id` text,
	`request_id` text,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_credit_ledger`("seq", "tenant_id", "kind", "amount", "balance_after", "hold_id", "request_id", "note", "created_at") SELECT "seq", "tenant_id", "kind", "amount", "balance_after", "hold_id", "request_id", "note", "created_at" FROM `credit_ledger`;--> statement-breakpoint
DROP TABLE `credit_ledger`;--> statement-breakpoint
ALTER TABLE `__new_credit_ledger` RENAME TO `credit_ledger`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `credit_ledger_tenant` ON `credit_ledger` (`tenant_id`,`seq`);--> statement-breakpoint
CREATE INDEX `credit_ledger_hold` ON `credit_ledger` (`hold_id`) WHERE kind = 'hold';