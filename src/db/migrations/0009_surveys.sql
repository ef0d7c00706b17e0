CREATE TABLE "survey_campaign_units" (
	"campaign_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"slug" text NOT NULL,
	"transactions" integer DEFAULT 0 NOT NULL,
	"target" integer DEFAULT 0 NOT NULL,
	"kiosk_key_hash" text,
	CONSTRAINT "survey_campaign_units_campaign_id_unit_id_pk" PRIMARY KEY("campaign_id","unit_id"),
	CONSTRAINT "survey_campaign_units_slug_unique" UNIQUE("slug"),
	CONSTRAINT "survey_campaign_units_target_check" CHECK ("survey_campaign_units"."target" >= 0 and "survey_campaign_units"."transactions" >= 0)
);
--> statement-breakpoint
CREATE TABLE "survey_campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"template_id" integer NOT NULL,
	"kind" text NOT NULL,
	"questions" jsonb NOT NULL,
	"year" integer NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"closed_at" timestamp with time zone,
	"channels" jsonb NOT NULL,
	"double_entry" boolean DEFAULT false NOT NULL,
	"responses_revision" integer DEFAULT 0 NOT NULL,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_campaigns_code_unique" UNIQUE("code"),
	CONSTRAINT "survey_campaigns_dates_check" CHECK ("survey_campaigns"."opens_on" <= "survey_campaigns"."closes_on")
);
--> statement-breakpoint
CREATE TABLE "survey_group_units" (
	"group_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	CONSTRAINT "survey_group_units_group_id_unit_id_pk" PRIMARY KEY("group_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "survey_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_paper_entries" (
	"campaign_id" integer NOT NULL,
	"form_no" text NOT NULL,
	"entry_no" integer NOT NULL,
	"unit_id" integer,
	"answers" jsonb NOT NULL,
	"ratings" jsonb,
	"entered_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_paper_entries_campaign_id_form_no_entry_no_pk" PRIMARY KEY("campaign_id","form_no","entry_no"),
	CONSTRAINT "survey_paper_entries_entry_check" CHECK ("survey_paper_entries"."entry_no" in (1, 2))
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"unit_id" integer,
	"group_id" integer,
	"token_id" integer,
	"source" text NOT NULL,
	"key_hash" text,
	"external_id" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ratings" jsonb,
	"save_seq" integer DEFAULT 0 NOT NULL,
	"client_hash" text,
	"recheck" boolean DEFAULT false NOT NULL,
	"recheck_note" text,
	"entered_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "survey_responses_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "survey_responses_status_check" CHECK ("survey_responses"."status" in ('draft', 'submitted')),
	CONSTRAINT "survey_responses_source_check" CHECK ("survey_responses"."source" in ('qr', 'link', 'kiosk', 'paper', 'import'))
);
--> statement-breakpoint
CREATE TABLE "survey_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"questions" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_templates_code_unique" UNIQUE("code"),
	CONSTRAINT "survey_templates_kind_check" CHECK ("survey_templates"."kind" in ('sipas', 'officials', 'custom'))
);
--> statement-breakpoint
CREATE TABLE "survey_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"unit_id" integer,
	"group_id" integer,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "survey_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "criteria" ADD COLUMN "survey" jsonb;--> statement-breakpoint
ALTER TABLE "survey_campaign_units" ADD CONSTRAINT "survey_campaign_units_campaign_id_survey_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_campaign_units" ADD CONSTRAINT "survey_campaign_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_campaigns" ADD CONSTRAINT "survey_campaigns_template_id_survey_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."survey_templates"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_campaigns" ADD CONSTRAINT "survey_campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_group_units" ADD CONSTRAINT "survey_group_units_group_id_survey_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."survey_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_group_units" ADD CONSTRAINT "survey_group_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_groups" ADD CONSTRAINT "survey_groups_campaign_id_survey_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_paper_entries" ADD CONSTRAINT "survey_paper_entries_campaign_id_survey_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_paper_entries" ADD CONSTRAINT "survey_paper_entries_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_paper_entries" ADD CONSTRAINT "survey_paper_entries_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_campaign_id_survey_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_group_id_survey_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."survey_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_token_id_survey_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."survey_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tokens" ADD CONSTRAINT "survey_tokens_campaign_id_survey_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tokens" ADD CONSTRAINT "survey_tokens_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tokens" ADD CONSTRAINT "survey_tokens_group_id_survey_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."survey_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_campaigns_year_idx" ON "survey_campaigns" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_groups_campaign_code_idx" ON "survey_groups" USING btree ("campaign_id","code");--> statement-breakpoint
CREATE INDEX "survey_responses_campaign_idx" ON "survey_responses" USING btree ("campaign_id","status","unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_external_idx" ON "survey_responses" USING btree ("campaign_id","external_id");--> statement-breakpoint
CREATE INDEX "survey_responses_client_idx" ON "survey_responses" USING btree ("client_hash","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_token_idx" ON "survey_responses" USING btree ("token_id");--> statement-breakpoint
CREATE INDEX "survey_tokens_campaign_idx" ON "survey_tokens" USING btree ("campaign_id");--> statement-breakpoint
CREATE TRIGGER "survey_templates_version" BEFORE UPDATE ON "survey_templates" FOR EACH ROW EXECUTE FUNCTION bump_version();
--> statement-breakpoint
-- A campaign's version moves with what the organizer edits, not with its responses' revision (raised by imports).
CREATE TRIGGER "survey_campaigns_version" BEFORE UPDATE ON "survey_campaigns" FOR EACH ROW
WHEN ((OLD.code, OLD.name, OLD.year, OLD.opens_on, OLD.closes_on, OLD.closed_at, OLD.channels, OLD.double_entry)
  IS DISTINCT FROM (NEW.code, NEW.name, NEW.year, NEW.opens_on, NEW.closes_on, NEW.closed_at, NEW.channels, NEW.double_entry))
EXECUTE FUNCTION bump_version();
