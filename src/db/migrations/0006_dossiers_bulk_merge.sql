ALTER TABLE "dossiers" DROP CONSTRAINT "dossiers_unit_id_units_id_fk";
--> statement-breakpoint
ALTER TABLE "dossiers" DROP CONSTRAINT "dossiers_procedure_id_procedures_id_fk";
--> statement-breakpoint
DROP INDEX "dossiers_unit_received_idx";