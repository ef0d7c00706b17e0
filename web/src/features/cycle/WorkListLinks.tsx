import { Button } from '@mantine/core';
import { IconChecklist, IconGavel } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/api';
import type { Round } from './api';
import { APPRAISAL_WORK_PATH, COUNCIL_WORK_PATH, WORK_LIST_ROLES } from './worklistApi';

/** On an open round's card: the way to the appraiser's or the council's work list of that round, for the roles that have one. */
export function WorkListLinks({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user || round.status !== 'open') return null;
  return (
    <>
      {WORK_LIST_ROLES.appraisal.includes(user.role) && (
        <Button
          component={Link}
          to={`${APPRAISAL_WORK_PATH}?round=${round.id}`}
          size="xs"
          leftSection={<IconChecklist size={14} />}
          data-testid="round-work-appraisal"
        >
          {t('worklists.fromRounds.appraisal')}
        </Button>
      )}
      {WORK_LIST_ROLES.council.includes(user.role) && (
        <Button component={Link} to={`${COUNCIL_WORK_PATH}?round=${round.id}`} size="xs" leftSection={<IconGavel size={14} />} data-testid="round-work-council">
          {t('worklists.fromRounds.council')}
        </Button>
      )}
    </>
  );
}
