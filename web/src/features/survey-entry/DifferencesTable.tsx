import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SurveyQuestion } from '@server/domain/surveys';
import type { Difference } from './api';
import { answerLabel } from './PaperEntryForm';

/** Where the two entries of a form disagree: the question (or the unit / group), entry 1, entry 2. */
export function DifferencesTable({ differences, questions }: { differences: Difference[]; questions: SurveyQuestion[] }) {
  const { t } = useTranslation();
  const what = (d: Difference) =>
    d.kind === 'unit' ? t('surveyEntry.unit') : d.kind === 'group' ? t('surveyEntry.group') : `${d.question}${d.unit ? ` (${d.unit})` : ''}`;
  const show = (d: Difference, v: unknown) =>
    d.kind === 'answer'
      ? answerLabel(
          questions.find((q) => q.code === d.question),
          v,
        )
      : String(v ?? '—');
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table data-testid="differences">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('surveyEntry.question')}</Table.Th>
            <Table.Th>{t('surveyEntry.first')}</Table.Th>
            <Table.Th>{t('surveyEntry.second')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {differences.map((d, i) => (
            <Table.Tr key={i}>
              <Table.Td>{what(d)}</Table.Td>
              <Table.Td>{show(d, d.first)}</Table.Td>
              <Table.Td>{show(d, d.second)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
