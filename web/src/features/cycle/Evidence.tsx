import { ActionIcon, Anchor, Badge, Button, FileInput, Group, List, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileUpload, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useFieldErrors } from '../../components/fieldErrors';
import { formatDateTime } from '../../format';
import { evidenceUrl, useRemoveEvidence, useUploadEvidence, type SheetCriterion, type SheetEvidence } from './api';
import { ErrorsBelow } from './ScoreForms';

/**
 * A criterion's evidence files: the list (each removable while the unit may change its self-assessment; files added
 * after the submission came with an explanation answer) and the upload (in the self-assessment, or in the answer form).
 */

export function EvidenceUpload({ roundId, unitCode, c, label }: { roundId: number; unitCode: string; c: SheetCriterion; label?: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const fieldErrors = useFieldErrors();
  const upload = useUploadEvidence(roundId, unitCode, c.code, () => {
    setFile(null);
    notifications.show({ color: 'green', message: t('cycle.evidence.uploaded') });
  });
  const uploadErrors = fieldErrors(upload.error);
  return (
    <Stack gap={4}>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <FileInput
          label={label ?? t('cycle.evidence.add')}
          placeholder={t('cycle.evidence.choose')}
          value={file}
          onChange={setFile}
          accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.webp,.gif"
          leftSection={<IconFileUpload size={16} />}
          error={uploadErrors.file}
          style={{ flex: 1, minWidth: 200 }}
          data-testid={`evidence-file-${c.code}`}
        />
        <Button
          size="sm"
          variant="light"
          disabled={!file}
          loading={upload.isPending}
          onClick={() => file && upload.mutate(file)}
          data-testid={`evidence-upload-${c.code}`}
        >
          {t('cycle.evidence.upload')}
        </Button>
      </Group>
      <ErrorsBelow error={upload.error} />
    </Stack>
  );
}

export /** The criterion's evidence files; while the unit may still change its self-assessment, each can be removed. */
function EvidenceList({
  roundId,
  unitCode,
  c,
  removable,
  submittedAt = null,
  withAnswerOpen = false,
}: {
  roundId: number;
  unitCode: string;
  c: SheetCriterion;
  removable: boolean;
  /** The sheet's submission: evidence uploaded later came with the answer to an explanation. */
  submittedAt?: string | null;
  /** The explanation's answer is being written: the files added with it may still be removed. */
  withAnswerOpen?: boolean;
}) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<SheetEvidence | null>(null);
  const remove = useRemoveEvidence(roundId, unitCode, (e) => {
    notifications.show({ color: 'green', message: t('cycle.evidence.removed', { name: e.fileName }) });
    setTarget(null);
  });
  const close = () => {
    remove.reset();
    setTarget(null);
  };
  return (
    <>
      <List size="xs" data-testid={`evidence-list-${c.code}`}>
        {c.evidence.map((e) => (
          <List.Item key={e.id} data-testid={`evidence-${e.id}`}>
            <Anchor href={evidenceUrl(roundId, unitCode, e.id)} download={e.fileName} style={{ wordBreak: 'break-word' }}>
              {e.fileName}
            </Anchor>{' '}
            <Text span size="xs" c="dimmed">
              ({Math.ceil(e.size / 1024)} KB · {formatDateTime(e.uploadedAt)})
            </Text>
            {submittedAt && e.uploadedAt > submittedAt && (
              <Badge size="xs" variant="light" color="violet" ml={4} data-testid={`evidence-with-answer-${e.id}`}>
                {t('cycle.evidence.withAnswerBadge')}
              </Badge>
            )}
            {(removable || (withAnswerOpen && submittedAt && e.uploadedAt > submittedAt)) && (
              <Tooltip label={t('cycle.evidence.remove')}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="sm"
                  ml={4}
                  style={{ verticalAlign: 'middle' }}
                  aria-label={`${t('cycle.evidence.remove')}: ${e.fileName}`}
                  onClick={() => setTarget(e)}
                  data-testid={`evidence-remove-${e.id}`}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Tooltip>
            )}
          </List.Item>
        ))}
      </List>
      <ConfirmModal
        opened={target !== null}
        title={t('cycle.evidence.removeTitle')}
        message={t('cycle.evidence.confirmRemove', { name: target?.fileName ?? '', code: c.code })}
        confirmLabel={t('cycle.evidence.remove')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => target && remove.mutate(target)}
        onClose={close}
      />
    </>
  );
}
