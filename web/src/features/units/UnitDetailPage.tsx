import { Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useBlocks } from '../blocks/api';
import { useUnit } from './api';
import { UnitDetailView } from './UnitDetailView';
import { BackLink } from './UnitParts';

export function UnitDetailPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const unit = useUnit(code);
  const blocks = useBlocks();

  if (unit.isPending) return <Loader />;
  if (unit.error) {
    const notFound = unit.error instanceof ApiError && unit.error.code === 'not_found';
    return (
      <Stack align="flex-start">
        <BackLink />
        {notFound ? <Text>{t('unitDetail.notFound', { code })}</Text> : <ErrorAlert error={unit.error} />}
      </Stack>
    );
  }

  const blockName = (c: string | null) => (c ? (blocks.data?.find((b) => b.code === c)?.name ?? c) : '—');
  return <UnitDetailView unit={unit.data} blockName={blockName} />;
}
