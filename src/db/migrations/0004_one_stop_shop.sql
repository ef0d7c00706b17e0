CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "apology_letters" (
	"id" serial PRIMARY KEY NOT NULL,
	"dossier_code" text NOT NULL,
	"reason" text NOT NULL,
	"new_appointment_date" date NOT NULL,
	"issued_on" date NOT NULL,
	"issued_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_days_kind_check" CHECK ("calendar_days"."kind" in ('holiday', 'workday'))
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"movable_confirmed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"file_name" text,
	"status" text NOT NULL,
	"skip_invalid" boolean DEFAULT false NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"errors" jsonb,
	"bytes_total" bigint,
	"bytes_read" bigint DEFAULT 0 NOT NULL,
	"started_by" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dossier_monthly_rollups" (
	"unit_id" integer NOT NULL,
	"field" text NOT NULL,
	"procedure_id" integer NOT NULL,
	"channel" text NOT NULL,
	"month" date NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dossier_monthly_rollups_unit_id_field_procedure_id_channel_month_pk" PRIMARY KEY("unit_id","field","procedure_id","channel","month")
);
--> statement-breakpoint
CREATE TABLE "dossier_overdue_rollups" (
	"unit_id" integer NOT NULL,
	"field" text NOT NULL,
	"procedure_id" integer NOT NULL,
	"channel" text NOT NULL,
	"due_date" date NOT NULL,
	"resolved_date" date,
	"count" integer NOT NULL,
	CONSTRAINT "dossier_overdue_rollups_key" UNIQUE NULLS NOT DISTINCT("unit_id","field","procedure_id","channel","due_date","resolved_date")
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"code" text PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"procedure_id" integer NOT NULL,
	"field" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"due_computed" boolean DEFAULT false NOT NULL,
	"resolved_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"received_date" date NOT NULL,
	"due_date" date NOT NULL,
	"resolved_date" date,
	"timeliness" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossiers_channel_check" CHECK ("dossiers"."channel" in ('direct', 'online', 'postal')),
	CONSTRAINT "dossiers_status_check" CHECK ("dossiers"."status" in ('received', 'processing', 'needs_supplement', 'suspended', 'withdrawn', 'resolved', 'returned', 'rejected')),
	CONSTRAINT "dossiers_timeliness_check" CHECK ("dossiers"."timeliness" is null or "dossiers"."timeliness" in ('early', 'on_time', 'late'))
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"search_key" text NOT NULL,
	"field" text NOT NULL,
	"unit_id" integer NOT NULL,
	"legal_days" integer NOT NULL,
	"internal_days" integer NOT NULL,
	"online_level" text NOT NULL,
	"fee" numeric(14, 0),
	"published" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "procedures_code_unique" UNIQUE("code"),
	CONSTRAINT "procedures_online_level_check" CHECK ("procedures"."online_level" in ('full', 'partial', 'none')),
	CONSTRAINT "procedures_days_check" CHECK ("procedures"."legal_days" >= 0 and "procedures"."internal_days" >= 0)
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apology_letters" ADD CONSTRAINT "apology_letters_dossier_code_dossiers_code_fk" FOREIGN KEY ("dossier_code") REFERENCES "public"."dossiers"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apology_letters" ADD CONSTRAINT "apology_letters_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "apology_letters_dossier_idx" ON "apology_letters" USING btree ("dossier_code");--> statement-breakpoint
CREATE INDEX "dossier_overdue_rollups_resolved_idx" ON "dossier_overdue_rollups" USING btree ("resolved_date");--> statement-breakpoint
CREATE INDEX "dossiers_unit_received_idx" ON "dossiers" USING btree ("unit_id","received_date");--> statement-breakpoint
CREATE INDEX "dossiers_late_idx" ON "dossiers" USING btree ("unit_id") WHERE "dossiers"."timeliness" = 'late';--> statement-breakpoint
CREATE INDEX "dossiers_open_due_idx" ON "dossiers" USING btree ("unit_id","due_date") WHERE "dossiers"."resolved_date" is null;--> statement-breakpoint
CREATE INDEX "procedures_unit_idx" ON "procedures" USING btree ("unit_id");