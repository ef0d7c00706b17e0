import { Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { RenderedLetter } from './api';

/** A filled letter laid out like the DOCX page: letterhead and motto, title, body, recipients and signature. */
export function LetterPreview({ letter }: { letter: RenderedLetter }) {
  return (
    <Paper withBorder p="md" data-testid="template-preview" style={{ fontFamily: '"Times New Roman", serif' }}>
      <SimpleGrid cols={2} spacing="xs">
        <Stack gap={0} align="center">
          {letter.letterhead.map((l, i) => (
            <Text key={i} fw={700} size="sm" ta="center">
              {l.toUpperCase()}
            </Text>
          ))}
        </Stack>
        <Stack gap={0} align="center">
          <Text fw={700} size="sm" ta="center">
            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
          </Text>
          <Text fw={700} size="sm" ta="center">
            Độc lập - Tự do - Hạnh phúc
          </Text>
          <Text fs="italic" size="sm" ta="center" mt="xs">
            {letter.dateLine}
          </Text>
        </Stack>
      </SimpleGrid>
      <Text fw={700} ta="center" mt="lg">
        {letter.title}
      </Text>
      <Text ta="center" my="sm">
        {letter.salutation}
      </Text>
      {letter.paragraphs.map((p, i) => (
        <Text key={i} size="sm" mb={6} style={{ textIndent: '2em', textAlign: 'justify' }}>
          {p}
        </Text>
      ))}
      <SimpleGrid cols={2} mt="md">
        <Stack gap={0}>
          {letter.recipients.map((r, i) => (
            <Text key={i} size="xs" fw={i === 0 ? 700 : undefined}>
              {r}
            </Text>
          ))}
        </Stack>
        <Stack gap={0} align="center">
          <Text fw={700} size="sm">
            {letter.signatureTitle}
          </Text>
          <Text fs="italic" size="xs">
            {letter.signatureNote}
          </Text>
          {letter.signerName && (
            <Text fw={700} size="sm" mt={40}>
              {letter.signerName}
            </Text>
          )}
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}
