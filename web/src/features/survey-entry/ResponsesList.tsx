import { Badge, Button, Group, Modal, Pagination, Select, Stack, Switch, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { type EntryForm, type SurveyResponseItem, useEntryMutations, useResponses } from './api';

const LIMIT = 50;
const SOURCES = ['qr', 'link', 'kiosk', 'paper', 'import'] as const;

/** The campaign's responses (unit staff: their unit's) with the re-check (phúc tra) flag; a flagged response still counts. */
export function ResponsesList({ code, form }: { code: string; form: EntryForm }) {
  const { t } = useTranslation();
  const [source, setSource] = useState<string | null>(null);
  const [recheck, setRecheck] = useState<'true' | 'false' | null>(null);
  const [page, setPage] = useState(1);
  const [flagging, setFlagging] = useState<SurveyResponseItem | null>(null);
  const [note, setNote] = useState('');
  const m = useEntryMutations(code);
  const query = useResponses(code, { source, recheck, limit: LIMIT, offset: (page - 1) * LIMIT });
  const items = query.data?.items ?? [];
  const canFlag = query.data?.can.recheck ?? form.can.recheck;
  const answered = (r: SurveyResponseItem) => Object.keys(r.answers).length + Object.values(r.ratings ?? {}).reduce((n, a) => n + Object.keys(a).length, 0);

  const confirm = () =>
    flagging &&
    m.recheck.mutate(
      { id: flagging.id, body: { recheck: !flagging.recheck, note: flagging.recheck ? null : note.trim() || null } },
      {
        onSuccess: () => {
          setFlagging(null);
          setNote('');
        },
      },
    );

  return (
    <Stack>
      <Group wrap="wrap">
        <Select
          label={t('surveyEntry.source')}
          data={SOURCES.map((s) => ({ value: s, label: t(`surveyEntry.sources.${s}`) }))}
          value={source}
          onChange={(v) => {
            setSource(v);
            setPage(1);
          }}
          clearable
          placeholder={t('common.all')}
          data-testid="responses-source"
        />
        <Select
          label={t('surveyEntry.recheck')}
          data={[
            { value: 'true', label: t('surveyEntry.recheckOnly') },
            { value: 'false', label: t('surveyEntry.recheckNot') },
          ]}
          value={recheck}
          onChange={(v) => {
            setRecheck(v as 'true' | 'false' | null);
            setPage(1);
          }}
          clearable
          placeholder={t('common.all')}
          data-testid="responses-recheck"
        />
      </Group>
      <Text size="sm" c="dimmed" data-testid="responses-count">
        {t('surveyEntry.responseCount', { count: query.data?.total ?? 0 })}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('surveyEntry.responseId')}</Table.Th>
              <Table.Th>{t('surveyEntry.unit')}</Table.Th>
              <Table.Th>{t('surveyEntry.source')}</Table.Th>
              <Table.Th>{t('surveyEntry.submittedAt')}</Table.Th>
              <Table.Th>{t('surveyEntry.answered')}</Table.Th>
              <Table.Th>{t('surveyEntry.recheck')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id} data-testid={`response-${r.externalId ?? `#${r.id}`}`}>
                <Table.Td>{r.externalId ?? `#${r.id}`}</Table.Td>
                <Table.Td>{r.unitCode ?? (r.ratings ? Object.keys(r.ratings).join(', ') : '—')}</Table.Td>
                <Table.Td>
                  {t(`surveyEntry.sources.${r.source}`)}
                  {r.enteredBy && (
                    <Text size="xs" c="dimmed">
                      {r.enteredBy}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(r.submittedAt)}</Table.Td>
                <Table.Td>{answered(r)}</Table.Td>
                <Table.Td>
                  {canFlag ? (
                    <Switch
                      checked={r.recheck}
                      onChange={() => setFlagging(r)}
                      aria-label={t('surveyEntry.recheck')}
                      data-testid={`recheck-${r.externalId ?? r.id}`}
                    />
                  ) : r.recheck ? (
                    <Badge color="orange" variant="light">
                      {t('surveyEntry.recheckFlag')}
                    </Badge>
                  ) : null}
                  {r.recheckNote && (
                    <Text size="xs" c="dimmed">
                      {r.recheckNote}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={6} show={!query.isLoading && items.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {(query.data?.total ?? 0) > LIMIT && <Pagination total={Math.ceil((query.data?.total ?? 0) / LIMIT)} value={page} onChange={setPage} />}
      {/* ConfirmModal's message is one paragraph; the flag also takes a note, so the same confirmation is built here. */}
      <Modal opened={flagging !== null} onClose={() => setFlagging(null)} title={flagging?.recheck ? t('surveyEntry.unflagTitle') : t('surveyEntry.flagTitle')}>
        <Stack>
          <Text size="sm">
            {t(flagging?.recheck ? 'surveyEntry.unflagMessage' : 'surveyEntry.flagMessage', { id: flagging?.externalId ?? `#${flagging?.id}` })}
          </Text>
          {!flagging?.recheck && (
            <Textarea label={t('surveyEntry.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} data-testid="recheck-note" />
          )}
          {m.recheck.error ? <ErrorAlert error={m.recheck.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setFlagging(null)}>
              {t('common.cancel')}
            </Button>
            <Button color="orange" loading={m.recheck.isPending} onClick={confirm} data-testid="confirm-button">
              {flagging?.recheck ? t('surveyEntry.unflag') : t('surveyEntry.flag')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
