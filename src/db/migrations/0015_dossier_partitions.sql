-- Dossiers partitioned by year of receipt (issue 14; docs/scale.md "Partitions"). A partition per year, created on
-- demand by dossier_year_partition(year) when an import brings a year for the first time; received dates before
-- 2000 or after 2100 land in dossiers_default. The code stays unique: a unique index on code in every partition,
-- and the import (the only writer, under the dossier write lock) looks a code up in every partition before it
-- inserts one. A past year can be detached and archived (parindex dossiers archive), listed in dossier_archives.
ALTER TABLE "apology_letters" DROP CONSTRAINT "apology_letters_dossier_code_dossiers_code_fk";--> statement-breakpoint
ALTER TABLE "dossiers" RENAME TO "dossiers_unpartitioned";--> statement-breakpoint
CREATE TABLE "dossiers" (LIKE "dossiers_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("received_date");--> statement-breakpoint
CREATE TABLE "dossier_archives" (
	"year" integer PRIMARY KEY NOT NULL,
	"table_name" text NOT NULL,
	"rows" integer NOT NULL,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_by" text NOT NULL
);--> statement-breakpoint
CREATE TABLE "dossiers_default" PARTITION OF "dossiers" DEFAULT;--> statement-breakpoint
CREATE UNIQUE INDEX "dossiers_default_code_key" ON "dossiers_default" USING btree ("code");--> statement-breakpoint
CREATE FUNCTION "dossier_year_partition"("for_year" integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  partition_name text := 'dossiers_y' || for_year;
  first_day date := make_date(for_year, 1, 1);
  next_first_day date := make_date(for_year + 1, 1, 1);
BEGIN
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN partition_name;
  END IF;
  -- One creator at a time: two servers importing the same new year.
  PERFORM pg_advisory_xact_lock(72616402);
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN partition_name;
  END IF;
  IF EXISTS (SELECT 1 FROM dossier_archives a WHERE a.year = for_year) THEN
    RAISE EXCEPTION 'dossiers of % are archived', for_year USING ERRCODE = 'P0002';
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE dossiers INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition_name);
  -- Rows of the year that an earlier import left in the default partition move into the new one.
  EXECUTE format(
    'WITH moved AS (DELETE FROM dossiers_default WHERE received_date >= %L AND received_date < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
    first_day, next_first_day, partition_name);
  EXECUTE format('CREATE UNIQUE INDEX %I ON %I USING btree (code)', partition_name || '_code_key', partition_name);
  EXECUTE format('ALTER TABLE dossiers ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', partition_name, first_day, next_first_day);
  RETURN partition_name;
END
$$;--> statement-breakpoint
SELECT "dossier_year_partition"("y") FROM (SELECT DISTINCT extract(year FROM "received_date")::int AS "y" FROM "dossiers_unpartitioned") "years" WHERE "y" BETWEEN 2000 AND 2100;--> statement-breakpoint
INSERT INTO "dossiers" SELECT * FROM "dossiers_unpartitioned";--> statement-breakpoint
DROP TABLE "dossiers_unpartitioned";--> statement-breakpoint
CREATE INDEX "dossiers_late_idx" ON "dossiers" USING btree ("unit_id") WHERE "timeliness" = 'late';--> statement-breakpoint
CREATE INDEX "dossiers_open_due_idx" ON "dossiers" USING btree ("unit_id","due_date") WHERE "resolved_date" IS NULL;--> statement-breakpoint
CREATE INDEX "dossiers_received_idx" ON "dossiers" USING btree ("received_at","code");--> statement-breakpoint
CREATE INDEX "dossiers_unit_received_idx" ON "dossiers" USING btree ("unit_id","received_at","code");
