CREATE TABLE `seen_signature_cover` (
	`id` integer PRIMARY KEY NOT NULL,
	`boot_id` text NOT NULL,
	`covered_until` integer NOT NULL,
	`horizon` integer NOT NULL
);
