import { Badge, Button, Group, Modal, Pagination, Radio, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answers, Ratings, SurveyQuestion } from '@server/domain/surveys';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { type Difference, type EntryForm, type PaperForm, type PaperState, useEntryMutations, usePaperForms } from './api';
import { answerLabel } from './PaperEntryForm';

const STATE_COLOR: Record<PaperState, string> = { awaiting_second: 'yellow', differences: 'orange', done: 'green' };

/** The organizer picks, for each difference, the value of entry 1 or entry 2; the response is made from the choices. */
function ResolveModal({ code, form, paper, onClose }: { code: string; form: EntryForm; paper: PaperForm; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useEntryMutations(code);
  const questions = form.questions as SurveyQuestion[];
  const [choice, setChoice] = useState<Record<number, 'first' | 'second'>>({});
  const first = paper.entries[0]!;
  const submit = () => {
    let unitCode = first.unitCode;
    let groupCode = first.groupCode;
    const answers: Answers = { ...(first.answers as Answers) };
    const ratings: Ratings = JSON.parse(JSON.stringify(first.ratings ?? {})) as Ratings;
    paper.differences.forEach((d: Difference, i) => {
      if ((choice[i] ?? 'first') === 'first') return;
      const value = d.second;
      if (d.kind === 'unit') unitCode = (value as string | null) ?? null;
      else if (d.kind === 'group') groupCode = (value as string | null) ?? null;
      else if (d.unit) {
        const about = (ratings[d.unit] ??= {});
        if (value === null) delete about[d.question!];
        else about[d.question!] = value;
      } else if (value === null) delete answers[d.question!];
      else answers[d.question!] = value;
    });
    m.resolve.mutate(
      {
        formNo: paper.formNo,
        body: {
          ...(unitCode ? { unitCode } : {}),
          ...(groupCode ? { groupCode } : {}),
          answers,
          ...(form.campaign.kind === 'officials' ? { ratings } : {}),
        },
      },
      { onSuccess: onClose },
    );
  };
  const show = (d: Difference, v: unknown) =>
    d.kind === 'answer'
      ? answerLabel(
          questions.find((q) => q.code === d.question),
          v,
        )
      : String(v ?? '—');
  return (
    <Modal opened onClose={onClose} title={t('surveyEntry.resolveTitle', { formNo: paper.formNo })} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('surveyEntry.resolveHelp')}
        </Text>
        {paper.differences.map((d, i) => (
          <Radio.Group
            key={i}
            label={d.kind === 'unit' ? t('surveyEntry.unit') : d.kind === 'group' ? t('surveyEntry.group') : `${d.question}${d.unit ? ` (${d.unit})` : ''}`}
            value={choice[i] ?? 'first'}
            onChange={(v) => setChoice((c) => ({ ...c, [i]: v as 'first' | 'second' }))}
          >
            <Group mt={4}>
              <Radio value="first" label={`${t('surveyEntry.first')}: ${show(d, d.first)}`} data-testid={`resolve-${i}-first`} />
              <Radio value="second" label={`${t('surveyEntry.second')}: ${show(d, d.second)}`} data-testid={`resolve-${i}-second`} />
            </Group>
          </Radio.Group>
        ))}
        {m.resolve.error ? <ErrorAlert error={m.resolve.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={m.resolve.isPending} data-testid="resolve-submit">
            {t('surveyEntry.resolveSubmit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Paper forms by double-entry state: awaiting the second entry, with differences (the organizer resolves), done. */
export function PaperFormsList({ code, form }: { code: string; form: EntryForm }) {
  const { t } = useTranslation();
  const [state, setState] = useState<PaperState>(form.campaign.doubleEntry ? 'differences' : 'done');
  const [page, setPage] = useState(1);
  const [resolving, setResolving] = useState<PaperForm | null>(null);
  const query = usePaperForms(code, state, (page - 1) * 50);
  const items = query.data?.items ?? [];
  return (
    <Stack>
      <SegmentedControl
        value={state}
        onChange={(v) => {
          setState(v as PaperState);
          setPage(1);
        }}
        data={(['awaiting_second', 'differences', 'done'] as const).map((s) => ({ value: s, label: t(`surveyEntry.state.${s}`) }))}
        data-testid="paper-state"
      />
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('surveyEntry.formNo')}</Table.Th>
              <Table.Th>{t('surveyEntry.unit')}</Table.Th>
              <Table.Th>{t('surveyEntry.stateLabel')}</Table.Th>
              <Table.Th>{t('surveyEntry.entries')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.formNo} data-testid={`paper-form-${p.formNo}`}>
                <Table.Td>{p.formNo}</Table.Td>
                <Table.Td>{p.unitCode ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLOR[p.state]} variant="light">
                    {t(`surveyEntry.state.${p.state}`)}
                  </Badge>
                  {p.differences.length > 0 && (
                    <Text size="xs" c="dimmed">
                      {t('surveyEntry.differenceCount', { count: p.differences.length })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {p.entries.map((e) => (
                    <Text size="xs" key={e.entryNo}>
                      {`${e.entryNo}: ${e.enteredBy ?? '—'} · ${formatDateTime(e.at)}`}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  {p.state === 'differences' && form.can.resolve && (
                    <Button size="xs" onClick={() => setResolving(p)} data-testid={`resolve-${p.formNo}`}>
                      {t('surveyEntry.resolve')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={5} show={!query.isLoading && items.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {state === 'differences' && items.length > 0 && !form.can.resolve && (
        <Text size="sm" c="dimmed">
          {t('surveyEntry.waitResolve')}
        </Text>
      )}
      {(query.data?.total ?? 0) > 50 && <Pagination total={Math.ceil((query.data?.total ?? 0) / 50)} value={page} onChange={setPage} />}
      {resolving && <ResolveModal code={code} form={form} paper={resolving} onClose={() => setResolving(null)} />}
    </Stack>
  );
}
