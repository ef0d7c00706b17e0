import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEntry, AuditPage } from '@server/modules/audit/schemas';
import { api } from '../../api/client';

export type { AuditEntry };

/** The audit query as the page sends it (dates as ISO strings; the server reads them as dates). */
export interface AuditParams {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export function useAudit(params: AuditParams) {
  return useQuery({
    queryKey: ['audit', params] as const,
    queryFn: () => api.get<AuditPage>('/audit', { ...params }),
    placeholderData: keepPreviousData,
  });
}
