CREATE TABLE "dossier_yearly_rollups" (
	"unit_id" integer NOT NULL,
	"field" text NOT NULL,
	"channel" text NOT NULL,
	"year" integer NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dossier_yearly_rollups_unit_id_field_channel_year_pk" PRIMARY KEY("unit_id","field","channel","year")
);
--> statement-breakpoint
-- Filled from the monthly rollups of the dossiers already imported (a year's row is the sum of its monthly rows).
INSERT INTO "dossier_yearly_rollups" ("unit_id", "field", "channel", "year", "received", "resolved", "early", "on_time", "late")
SELECT "unit_id", "field", "channel", extract(year from "month")::int, sum("received")::int, sum("resolved")::int, sum("early")::int, sum("on_time")::int, sum("late")::int
FROM "dossier_monthly_rollups" GROUP BY 1, 2, 3, 4;
