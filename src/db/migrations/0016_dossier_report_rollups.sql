-- Three more rollups of the monthly one (issue 14 item 5; docs/performance.md), so that the report, the dashboard's
-- month trend and its worst procedures read a few thousand rows instead of the year's monthly rows: the monthly rows
-- per unit alone, per unit × field × channel (without the procedure), and per procedure and year. Both are kept by the same deltas as the monthly
-- and yearly rollups (src/modules/dossiers/merge.ts) and filled here from the monthly rows already there.
CREATE TABLE "dossier_unit_monthly_rollups" (
	"unit_id" integer NOT NULL,
	"month" date NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dossier_unit_monthly_rollups_pk" PRIMARY KEY("unit_id","month")
);--> statement-breakpoint
CREATE TABLE "dossier_field_monthly_rollups" (
	"unit_id" integer NOT NULL,
	"field" text NOT NULL,
	"channel" text NOT NULL,
	"month" date NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dossier_field_monthly_rollups_pk" PRIMARY KEY("unit_id","field","channel","month")
);--> statement-breakpoint
CREATE TABLE "dossier_procedure_yearly_rollups" (
	"unit_id" integer NOT NULL,
	"field" text NOT NULL,
	"procedure_id" integer NOT NULL,
	"channel" text NOT NULL,
	"year" integer NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dossier_procedure_yearly_rollups_pk" PRIMARY KEY("unit_id","field","procedure_id","channel","year")
);--> statement-breakpoint
INSERT INTO "dossier_unit_monthly_rollups" ("unit_id", "month", "received", "resolved", "early", "on_time", "late")
SELECT "unit_id", "month", sum("received")::int, sum("resolved")::int, sum("early")::int, sum("on_time")::int, sum("late")::int
FROM "dossier_monthly_rollups" GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "dossier_field_monthly_rollups" ("unit_id", "field", "channel", "month", "received", "resolved", "early", "on_time", "late")
SELECT "unit_id", "field", "channel", "month", sum("received")::int, sum("resolved")::int, sum("early")::int, sum("on_time")::int, sum("late")::int
FROM "dossier_monthly_rollups" GROUP BY 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO "dossier_procedure_yearly_rollups" ("unit_id", "field", "procedure_id", "channel", "year", "received", "resolved", "early", "on_time", "late")
SELECT "unit_id", "field", "procedure_id", "channel", extract(year from "month")::int, sum("received")::int, sum("resolved")::int, sum("early")::int, sum("on_time")::int, sum("late")::int
FROM "dossier_monthly_rollups" GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
-- Overdue at a report date D: the unresolved rows due before D and the rows resolved after D, two ranges of one
-- index that covers what the reports sum (an index-only scan instead of a bitmap scan over the heap).
DROP INDEX "dossier_overdue_rollups_resolved_idx";--> statement-breakpoint
CREATE INDEX "dossier_overdue_rollups_dates_idx" ON "dossier_overdue_rollups" USING btree ("resolved_date", "due_date") INCLUDE ("unit_id", "field", "channel", "count");
--> statement-breakpoint
-- The feed updates these rows all day; the index-only scans above and the small reads of the summed tables need the
-- visibility map current, so autovacuum visits the two large rollups after 2 % of their rows changed, not 20 %.
ALTER TABLE "dossier_overdue_rollups" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);--> statement-breakpoint
ALTER TABLE "dossier_monthly_rollups" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
