import { Alert, Select, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { DateInput } from '../../components/DateInput';
import { FormModal } from '../../components/FormModal';
import { useFieldErrors } from '../../components/fieldErrors';
import { SearchMultiSelect, SearchSelect, unitOption } from '../../components/SearchSelect';
import { useUnits } from '../units/api';
import {
  type Finding,
  type FindingInput,
  type Inspection,
  type RemediationItem,
  type RemediationInput,
  useCloseItem,
  useCreateInspection,
  useInspectors,
  useSaveFinding,
  useSaveItem,
  useUpdateInspection,
} from './api';

const FINDING_KINDS = ['strength', 'shortcoming', 'recommendation'] as const;

/**
 * The organizer adds an inspection to the year's plan (or edits `inspection`): unit, planned dates, decision number,
 * areas and the team with its lead. The team edits the same dialog without the unit and the team.
 */
export function InspectionModal(props: {
  onClose: () => void;
  year: number;
  inspection: Inspection | null;
  manage: boolean;
  onCreated?: (id: number) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateInspection();
  const update = useUpdateInspection();
  const save = props.inspection ? update : create;
  const fieldErrors = useFieldErrors();
  const units = useUnits({ status: 'active' });
  const inspectors = useInspectors(props.manage);
  const i = props.inspection;
  const [form, setForm] = useState(() => ({
    unitCode: i?.unitCode ?? null,
    plannedFrom: i?.plannedFrom ?? null,
    plannedTo: i?.plannedTo ?? null,
    decisionNo: i?.decisionNo ?? '',
    areas: i?.areas ?? [],
    members: i?.members.map((m) => String(m.userId)) ?? [],
    lead: i?.members.find((m) => m.lead)?.userId.toString() ?? null,
  }));
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const errors = fieldErrors(save.error);
  const inspectorOptions = (inspectors.data ?? []).map((u) => ({ value: String(u.id), label: `${u.displayName} (${t(`roles.${u.role}`)})` }));
  const members = form.members.map((id) => ({ userId: Number(id), lead: id === form.lead }));
  const submit = () => {
    const plan = { plannedFrom: form.plannedFrom || null, plannedTo: form.plannedTo || null, decisionNo: form.decisionNo || null, areas: form.areas };
    if (!i) {
      create.mutate(
        { year: props.year, body: { unitCode: form.unitCode ?? '', ...plan, members } },
        {
          onSuccess: (saved) => {
            props.onClose();
            props.onCreated?.(saved.id);
          },
        },
      );
    } else {
      update.mutate(
        { id: i.id, version: i.version, body: { ...plan, ...(props.manage ? { unitCode: form.unitCode ?? undefined, members } : {}) } },
        { onSuccess: props.onClose },
      );
    }
  };
  return (
    <FormModal
      opened
      title={i ? t('inspections.edit') : t('inspections.create')}
      onClose={props.onClose}
      submitLabel={i ? t('common.save') : t('common.create')}
      loading={save.isPending}
      error={save.error}
      fieldNames={['unitCode', 'plannedFrom', 'plannedTo', 'decisionNo', 'areas', 'members']}
      testId="inspection-form"
      size="lg"
      onSubmit={submit}
    >
      {props.manage && (
        <SearchSelect
          label={t('inspections.unit')}
          data={(units.data?.items ?? []).map(unitOption)}
          value={form.unitCode}
          onChange={(v) => set({ unitCode: v })}
          error={errors.unitCode}
          data-testid="inspection-unit"
        />
      )}
      <DateInput
        label={t('inspections.plannedFrom')}
        value={form.plannedFrom}
        onChange={(v) => set({ plannedFrom: v || null })}
        error={errors.plannedFrom}
        clearable
        data-testid="inspection-from"
      />
      <DateInput
        label={t('inspections.plannedTo')}
        value={form.plannedTo}
        onChange={(v) => set({ plannedTo: v || null })}
        error={errors.plannedTo}
        clearable
        data-testid="inspection-to"
      />
      <TextInput
        label={t('inspections.decisionNo')}
        value={form.decisionNo}
        onChange={(e) => set({ decisionNo: e.currentTarget.value })}
        error={errors.decisionNo}
        data-testid="inspection-decision"
      />
      <TagsInput
        label={t('inspections.areas')}
        description={t('inspections.areasHint')}
        value={form.areas}
        onChange={(areas) => set({ areas })}
        error={errors.areas}
        data-testid="inspection-areas"
      />
      {props.manage && (
        <>
          <SearchMultiSelect
            label={t('inspections.team')}
            data={inspectorOptions}
            value={form.members}
            onChange={(ids) => set({ members: ids, lead: form.lead && ids.includes(form.lead) ? form.lead : (ids[0] ?? null) })}
            error={errors.members}
            data-testid="inspection-members"
          />
          {form.members.length > 0 && (
            <Select
              label={t('inspections.lead')}
              data={inspectorOptions.filter((o) => form.members.includes(o.value))}
              value={form.lead}
              onChange={(lead) => set({ lead })}
              allowDeselect={false}
              data-testid="inspection-lead"
            />
          )}
        </>
      )}
    </FormModal>
  );
}

/**
 * Moves the inspection on: conducted (with its date), or concluded (with the conclusion and its date). Concluding
 * asks once more, stating what it means.
 */
export function StatusModal(props: { onClose: () => void; inspection: Inspection; to: 'conducted' | 'concluded' }) {
  const { t } = useTranslation();
  const update = useUpdateInspection();
  const fieldErrors = useFieldErrors();
  const i = props.inspection;
  const [form, setForm] = useState({ conductedOn: i.conductedOn ?? i.plannedFrom ?? null, conclusion: i.conclusion ?? '', concludedOn: i.concludedOn ?? null });
  const [confirming, setConfirming] = useState(false);
  const errors = fieldErrors(update.error);
  const send = () =>
    update.mutate(
      {
        id: i.id,
        version: i.version,
        body:
          props.to === 'conducted'
            ? { status: 'conducted', conductedOn: form.conductedOn || null }
            : { status: 'concluded', conclusion: form.conclusion || null, concludedOn: form.concludedOn || null },
      },
      { onSuccess: props.onClose, onSettled: () => setConfirming(false) },
    );
  return (
    <>
      <FormModal
        opened={!confirming}
        title={props.to === 'conducted' ? t('inspections.markConducted') : t('inspections.conclude')}
        onClose={props.onClose}
        submitLabel={props.to === 'conducted' ? t('common.save') : t('inspections.conclude')}
        loading={update.isPending}
        error={update.error}
        fieldNames={['conductedOn', 'conclusion', 'concludedOn']}
        testId="inspection-status-form"
        size="lg"
        onSubmit={() => (props.to === 'concluded' ? setConfirming(true) : send())}
      >
        {props.to === 'conducted' ? (
          <DateInput
            label={t('inspections.conductedOn')}
            value={form.conductedOn}
            onChange={(v) => setForm((f) => ({ ...f, conductedOn: v || null }))}
            error={errors.conductedOn}
            data-testid="inspection-conducted-on"
          />
        ) : (
          <>
            <Textarea
              label={t('inspections.conclusion')}
              value={form.conclusion}
              onChange={(e) => {
                const conclusion = e.currentTarget.value;
                setForm((f) => ({ ...f, conclusion }));
              }}
              error={errors.conclusion}
              autosize
              minRows={5}
              data-testid="inspection-conclusion"
            />
            <DateInput
              label={t('inspections.concludedOn')}
              value={form.concludedOn}
              onChange={(v) => setForm((f) => ({ ...f, concludedOn: v || null }))}
              error={errors.concludedOn}
              data-testid="inspection-concluded-on"
            />
          </>
        )}
      </FormModal>
      <ConfirmModal
        opened={confirming}
        title={t('inspections.conclude')}
        message={t('inspections.confirmConclude', { unit: i.unitName })}
        confirmLabel={t('inspections.conclude')}
        color="blue"
        loading={update.isPending}
        error={update.error}
        onConfirm={send}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}

/** Adds or edits a strength, shortcoming or recommendation. */
export function FindingModal(props: { onClose: () => void; inspectionId: number; finding: Finding | null; kind: Finding['kind'] }) {
  const { t } = useTranslation();
  const save = useSaveFinding();
  const fieldErrors = useFieldErrors();
  const [form, setForm] = useState<FindingInput>(() => ({
    kind: props.finding?.kind ?? props.kind,
    area: props.finding?.area ?? '',
    text: props.finding?.text ?? '',
  }));
  const errors = fieldErrors(save.error);
  return (
    <FormModal
      opened
      title={props.finding ? t('inspections.editFinding') : t('inspections.addFinding')}
      onClose={props.onClose}
      submitLabel={props.finding ? t('common.save') : t('common.create')}
      loading={save.isPending}
      error={save.error}
      fieldNames={['kind', 'area', 'text']}
      testId="finding-form"
      onSubmit={() =>
        save.mutate({ inspectionId: props.inspectionId, finding: props.finding, body: { ...form, area: form.area || null } }, { onSuccess: props.onClose })
      }
    >
      <Select
        label={t('inspections.findingKind')}
        data={FINDING_KINDS.map((k) => ({ value: k, label: t(`inspections.kinds.${k}`) }))}
        value={form.kind}
        onChange={(v) => v && setForm((f) => ({ ...f, kind: v as Finding['kind'] }))}
        allowDeselect={false}
        error={errors.kind}
        data-testid="finding-kind"
      />
      <TextInput
        label={t('inspections.area')}
        value={form.area ?? ''}
        onChange={(e) => {
          const area = e.currentTarget.value;
          setForm((f) => ({ ...f, area }));
        }}
        error={errors.area}
        data-testid="finding-area"
      />
      <Textarea
        label={t('inspections.findingText')}
        value={form.text}
        onChange={(e) => {
          const text = e.currentTarget.value;
          setForm((f) => ({ ...f, text }));
        }}
        error={errors.text}
        autosize
        minRows={3}
        data-testid="finding-text"
      />
    </FormModal>
  );
}

/** Adds or edits a remediation item: title, owner, deadline and the recommendation it answers. */
export function ItemModal(props: { onClose: () => void; inspection: Inspection; item: RemediationItem | null }) {
  const { t } = useTranslation();
  const save = useSaveItem();
  const fieldErrors = useFieldErrors();
  const [form, setForm] = useState<RemediationInput>(() => ({
    title: props.item?.title ?? '',
    owner: props.item?.owner ?? '',
    deadline: props.item?.deadline ?? null,
    findingId: props.item?.findingId ?? null,
  }));
  const errors = fieldErrors(save.error);
  const recommendations = props.inspection.findings.filter((f) => f.kind === 'recommendation');
  return (
    <FormModal
      opened
      title={props.item ? t('inspections.editItem') : t('inspections.addItem')}
      onClose={props.onClose}
      submitLabel={props.item ? t('common.save') : t('common.create')}
      loading={save.isPending}
      error={save.error}
      fieldNames={['title', 'owner', 'deadline', 'findingId']}
      testId="item-form"
      onSubmit={() =>
        save.mutate(
          { inspectionId: props.inspection.id, item: props.item, body: { ...form, owner: form.owner || null, deadline: form.deadline || null } },
          { onSuccess: props.onClose },
        )
      }
    >
      <Textarea
        label={t('inspections.itemTitle')}
        value={form.title}
        onChange={(e) => {
          const title = e.currentTarget.value;
          setForm((f) => ({ ...f, title }));
        }}
        error={errors.title}
        autosize
        minRows={2}
        data-testid="item-title"
      />
      <TextInput
        label={t('inspections.owner')}
        value={form.owner ?? ''}
        onChange={(e) => {
          const owner = e.currentTarget.value;
          setForm((f) => ({ ...f, owner }));
        }}
        error={errors.owner}
        data-testid="item-owner"
      />
      <DateInput
        label={t('inspections.deadline')}
        value={form.deadline}
        onChange={(v) => setForm((f) => ({ ...f, deadline: v || null }))}
        error={errors.deadline}
        clearable
        data-testid="item-deadline"
      />
      <Select
        label={t('inspections.answers')}
        data={recommendations.map((r) => ({ value: String(r.id), label: r.text }))}
        value={form.findingId ? String(form.findingId) : null}
        onChange={(v) => setForm((f) => ({ ...f, findingId: v ? Number(v) : null }))}
        clearable
        error={errors.findingId}
        data-testid="item-finding"
      />
    </FormModal>
  );
}

/** The unit closes an item: the evidence of what was done and the day it was done. */
export function CloseItemModal(props: { onClose: () => void; inspectionId: number; item: RemediationItem; today: string }) {
  const { t } = useTranslation();
  const close = useCloseItem();
  const fieldErrors = useFieldErrors();
  const [form, setForm] = useState({ evidence: '', closedOn: props.today as string | null });
  const errors = fieldErrors(close.error);
  return (
    <FormModal
      opened
      title={t('inspections.closeItem')}
      onClose={props.onClose}
      submitLabel={t('inspections.closeItem')}
      loading={close.isPending}
      error={close.error}
      fieldNames={['evidence', 'closedOn']}
      testId="close-form"
      onSubmit={() =>
        close.mutate(
          { inspectionId: props.inspectionId, item: props.item, body: { evidence: form.evidence || null, closedOn: form.closedOn || null } },
          { onSuccess: props.onClose },
        )
      }
    >
      <Alert color="blue" variant="light">
        {t('inspections.closeHint', { title: props.item.title })}
      </Alert>
      <Textarea
        label={t('inspections.evidence')}
        description={t('inspections.evidenceHint')}
        value={form.evidence}
        onChange={(e) => {
          const evidence = e.currentTarget.value;
          setForm((f) => ({ ...f, evidence }));
        }}
        error={errors.evidence}
        autosize
        minRows={3}
        data-testid="close-evidence"
      />
      <DateInput
        label={t('inspections.closedOn')}
        value={form.closedOn}
        onChange={(v) => setForm((f) => ({ ...f, closedOn: v || null }))}
        error={errors.closedOn}
        data-testid="close-date"
      />
    </FormModal>
  );
}
