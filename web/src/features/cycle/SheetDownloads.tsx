import { Button, Menu } from '@mantine/core';
import { IconFileDescription } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { buildUrl } from '../../api/client';

/** The address of a sheet's self-assessment report (GET /rounds/:id/units/:unitCode/self-assessment-report). */
export const selfAssessmentReportUrl = (roundId: number, unitCode: string, format: 'docx' | 'pdf') =>
  buildUrl(`/rounds/${roundId}/units/${encodeURIComponent(unitCode)}/self-assessment-report`, { format });

/**
 * The sheet's documents: the self-assessment report as DOCX (to edit) or PDF (to print, sign and stamp). Shown to
 * whoever reads the sheet: the server answers the report to exactly those who may read it.
 */
export function SheetDownloads({ roundId, unitCode }: { roundId: number; unitCode: string }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" size="sm" leftSection={<IconFileDescription size={16} />} title={t('downloads.selfReportHint')} data-testid="sheet-report">
          {t('downloads.selfReport')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {(['pdf', 'docx'] as const).map((format) => (
          <Menu.Item key={format} component="a" href={selfAssessmentReportUrl(roundId, unitCode, format)} download data-testid={`sheet-report-${format}`}>
            {t(format === 'pdf' ? 'downloads.selfReportPdf' : 'downloads.selfReportDocx')}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
