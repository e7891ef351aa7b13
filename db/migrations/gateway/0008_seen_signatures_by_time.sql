-- Seen signatures keyed by (signed_at, signature) in one WITHOUT ROWID B-tree: new rows land at its right-hand end
-- and the sweep removes whole pages from the left, instead of a random page of the signature index per call plus
-- a rowid table and an expiry index. Rows carry over: signed_at = expires_at - the 5-minute signing window.
CREATE TABLE `__new_seen_signatures` (
	`signed_at` integer NOT NULL,
	`signature` text NOT NULL,
	PRIMARY KEY(`signed_at`, `signature`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_seen_signatures` (`signed_at`, `signature`) SELECT `expires_at` - 300000, `signature` FROM `seen_signatures`;--> statement-breakpoint
DROP TABLE `seen_signatures`;--> statement-breakpoint
ALTER TABLE `__new_seen_signatures` RENAME TO `seen_signatures`;
