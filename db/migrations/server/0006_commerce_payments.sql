CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`package_id` text NOT NULL,
	`package_name` text NOT NULL,
	`provider` text NOT NULL,
	`status` text DEFAULT 'created' NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`credits` integer NOT NULL,
	`bonus_credits` integer NOT NULL,
	`validity_days` integer,
	`provider_ref` text,
	`pay_url` text,
	`qr_code` text,
	`created_by` text,
	`failure` text,
	`ledger_seq` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`paid_at` integer,
	`credited_at` integer,
	`checked_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `orders_tenant_created` ON `orders` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_status_expires` ON `orders` (`status`,`expires_at`);--> statement-breakpoint
CREATE TABLE `payment_notifies` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`order_id` text,
	`outcome` text NOT NULL,
	`reason` text,
	`event_id` text,
	`remote_ip` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payment_notifies_order` ON `payment_notifies` (`order_id`);--> statement-breakpoint
CREATE INDEX `payment_notifies_created` ON `payment_notifies` (`created_at`);--> statement-breakpoint
CREATE TABLE `platform_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `recharge_packages` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`currency` text NOT NULL,
	`price` integer NOT NULL,
	`credits` integer NOT NULL,
	`bonus_credits` integer DEFAULT 0 NOT NULL,
	`validity_days` integer,
	`enabled` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "recharge_packages_price_positive" CHECK("recharge_packages"."price" > 0),
	CONSTRAINT "recharge_packages_credits_positive" CHECK("recharge_packages"."credits" > 0),
	CONSTRAINT "recharge_packages_bonus_non_negative" CHECK("recharge_packages"."bonus_credits" >= 0)
);
