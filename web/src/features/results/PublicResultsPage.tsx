import { Anchor, Button, Grid, Group, Loader, Paper, Select, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PublicPage } from '../../components/PublicPage';
import { YearSelect } from '../../components/YearSelect';
import { ResultsError, defaultResultsYear } from './parts';
import { usePublicResults } from './api';
import { RankingOverview } from './RankingOverview';
import { RankingTable } from './RankingTable';
import { useAddressParams } from '../../components/addressParams';

const codeList = (text: string | null) =>
  (text ?? '')
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);

/**
 * Published results without signing in. The list of blocks needs a session, so the block codes come from the
 * address (`?block=SO&blocks=SO,HUYEN,XA`, as the results page links it); without them the visitor types a code.
 */
export function PublicResultsPage() {
  const { t } = useTranslation();
  const { params, setParam } = useAddressParams();
  const year = Number(params.get('year')) || defaultResultsYear();
  const choices = codeList(params.get('blocks'));
  const block = (params.get('block') ?? choices[0] ?? '').trim().toUpperCase();
  const [typed, setTyped] = useState(block);
  // Another block in the address (a link, the back button) resets what is typed.
  const [typedFor, setTypedFor] = useState(block);
  if (typedFor !== block) {
    setTypedFor(block);
    setTyped(block);
  }

  const results = usePublicResults(year, block);
  const data = results.data;

  const onSubmitBlock = (event: FormEvent) => {
    event.preventDefault();
    setParam('block', typed.trim().toUpperCase());
  };

  return (
    <PublicPage title={t('publicResults.title')} subtitle={t('publicResults.subtitle')}>
      <Paper withBorder p="sm">
        <Grid gap="sm" rowGap="xs" align="flex-end">
          <Grid.Col span={{ base: 5, sm: 3, md: 2 }}>
            <YearSelect label={t('results.year')} value={year} onChange={(y) => setParam('year', String(y))} testId="public-year" />
          </Grid.Col>
          <Grid.Col span={{ base: 7, sm: 6, md: 4 }}>
            {choices.length > 0 ? (
              <Select
                label={t('results.block')}
                data={choices.map((c) => ({ value: c, label: c === data?.results.blockCode ? `${c} · ${data.results.blockName}` : c }))}
                value={block || null}
                onChange={(v) => v && setParam('block', v)}
                allowDeselect={false}
                data-testid="public-block"
              />
            ) : (
              <form onSubmit={onSubmitBlock}>
                <Group gap="xs" align="flex-end" wrap="nowrap">
                  <TextInput
                    label={t('publicResults.blockCode')}
                    placeholder={t('publicResults.blockCodePlaceholder')}
                    value={typed}
                    onChange={(e) => setTyped(e.currentTarget.value)}
                    style={{ flex: 1 }}
                    data-testid="public-block-input"
                  />
                  <Button type="submit" variant="light" data-testid="public-block-submit">
                    {t('publicResults.show')}
                  </Button>
                </Group>
              </form>
            )}
          </Grid.Col>
        </Grid>
      </Paper>

      {!block && <Text c="dimmed">{t('publicResults.chooseBlock')}</Text>}
      {block && results.isPending && <Loader />}
      {results.error && <ResultsError error={results.error} year={year} block={block} />}

      {data && (
        <>
          <RankingOverview data={data} />
          <Paper withBorder>
            <RankingTable results={data.results} />
          </Paper>
        </>
      )}
      <Text size="xs" c="dimmed" ta="center">
        <Anchor component={Link} to="/public/procedures" size="xs" mr="md" data-testid="public-procedures-link">
          {t('procedures.publicLink')}
        </Anchor>
        <Anchor component={Link} to="/login" size="xs">
          {t('publicResults.staffSignIn')}
        </Anchor>
      </Text>
    </PublicPage>
  );
}
