import { Box, Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DemoBadge } from './DemoBadge';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame of a page open without sign-in: title and subtitle, the language switch and a sign-in button. */
export function PublicPage({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box bg="gray.0" mih="100vh">
      <Container size="xl" px={{ base: 'xs', sm: 'md' }} py="md">
        <Stack>
          <Group justify="space-between" align="flex-start" gap="xs">
            <div>
              <Group gap="xs">
                <Title order={2} fz={{ base: 'h3', sm: 'h2' }}>
                  {title}
                </Title>
                <DemoBadge />
              </Group>
              <Text size="sm" c="dimmed">
                {subtitle}
              </Text>
            </div>
            <Group gap="xs" wrap="nowrap">
              <LanguageSwitch />
              <Button component={Link} to="/login" variant="default" size="xs" leftSection={<IconLogin size={14} />} data-testid="public-login-link">
                {t('auth.login')}
              </Button>
            </Group>
          </Group>
          {children}
        </Stack>
      </Container>
    </Box>
  );
}
