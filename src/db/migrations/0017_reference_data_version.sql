-- The version of the reference data a dossier import checks rows against (units, procedures, the working calendar).
-- A process keeps those in memory and reads them again only when this value has changed
-- (src/modules/dossiers/reference-data.ts): statement triggers give it a new random value with every write to the
-- three tables, inside the writing transaction. Not in backups (a restore gives it a new value when it is done).
CREATE TABLE "reference_data_version" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" uuid DEFAULT gen_random_uuid() NOT NULL,
	CONSTRAINT "reference_data_version_one_row" CHECK ("id")
);--> statement-breakpoint
INSERT INTO "reference_data_version" DEFAULT VALUES;--> statement-breakpoint
CREATE FUNCTION "bump_reference_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE reference_data_version SET version = gen_random_uuid();
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "units_reference_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "units"
	FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_data_version();--> statement-breakpoint
CREATE TRIGGER "procedures_reference_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "procedures"
	FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_data_version();--> statement-breakpoint
CREATE TRIGGER "calendar_days_reference_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_days"
	FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_data_version();
