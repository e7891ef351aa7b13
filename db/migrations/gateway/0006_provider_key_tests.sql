CREATE TABLE `provider_key_tests` (
	`key_id` text PRIMARY KEY NOT NULL,
	`ok` integer NOT NULL,
	`code` text,
	`message` text NOT NULL,
	`latency_ms` integer NOT NULL,
	`tested_at` integer NOT NULL,
	FOREIGN KEY (`key_id`) REFERENCES `provider_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
