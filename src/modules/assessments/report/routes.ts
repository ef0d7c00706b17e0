import type { App, AppDeps } from '../../../http/app.js';
import { access } from '../../../http/access.js';
import { fileResponse, MEDIA_TYPES, sendDownload } from '../../../http/download.js';
import { actorFromSession } from '../../../http/request-context.js';
import { appPdfRenderer } from '../../results/documents/pdf-renderer.js';
import { UnitParams } from '../schemas.js';
import { SelfAssessmentReportQuery } from './schemas.js';
import { selfAssessmentReport } from './service.js';

export async function selfAssessmentReportRoutes(app: App, { clock }: AppDeps) {
  const renderer = appPdfRenderer(app);
  app.get(
    '/api/v1/rounds/:id/units/:unitCode/self-assessment-report',
    {
      config: { access: access.roles(['admin', 'council', 'appraiser', 'unit_officer', 'unit_leader']), reads: 'replica' },
      schema: {
        tags: ['assessments'],
        summary:
          "A unit's self-assessment report for its leader to sign (DOCX or PDF): scores per criterion, notes, evidence, totals per field and overall, signature block; for whoever may read the sheet",
        params: UnitParams,
        querystring: SelfAssessmentReportQuery,
        response: fileResponse('The report', 'docx', 'pdf'),
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const file = await selfAssessmentReport(request.readDb, actorFromSession(request.session), request.params.id, request.params.unitCode, format, {
        now: clock(),
        renderer,
      });
      return sendDownload(reply, file.fileName, MEDIA_TYPES[format], file.body);
    },
  );
}
