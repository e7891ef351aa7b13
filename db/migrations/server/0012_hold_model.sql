ALTER TABLE `credit_holds` ADD `model` text;--> statement-breakpoint
ALTER TABLE `credit_holds` ADD `operation` text;