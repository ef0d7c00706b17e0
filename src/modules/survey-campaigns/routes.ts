import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { ifMatch, withEtag } from '../../http/if-match.js';
import { actorFromSession } from '../../http/request-context.js';
import { campaignReader } from './policies.js';
import {
  CampaignAddUnitBody,
  CampaignCodeParam,
  CampaignDetail,
  CampaignGroupParams,
  CampaignList,
  CampaignListQuery,
  CampaignPatchBody,
  CampaignTargetBody,
  CampaignUnitParams,
  GroupBody,
  GroupPatchBody,
  IssuedLinks,
  IssueLinksBody,
  LinkList,
  NewCampaignBody,
} from './schemas.js';
import {
  addUnit,
  closeCampaign,
  createCampaign,
  createGroup,
  deleteGroup,
  getCampaign,
  issueLinks,
  listCampaigns,
  listLinks,
  removeUnit,
  setUnitTarget,
  updateCampaign,
  updateGroup,
} from './service.js';

/**
 * Survey campaigns (đợt khảo sát): the organizer opens and runs them; every role reads them (unit staff only the
 * campaigns of their unit, and only their unit's row). See docs/surveys.md "Campaigns".
 */
export async function surveyCampaignRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;
  const tags = ['surveys'];
  const base = '/api/v1/surveys/campaigns';

  app.get(
    base,
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'Survey campaigns (of a year): units, responses submitted and the sum of targets; unit staff see the campaigns of their unit',
        querystring: CampaignListQuery,
        response: { 200: CampaignList },
      },
    },
    async (request) => {
      const actor = actorFromSession(request.session);
      return listCampaigns(db, actor, campaignReader(actor), request.query, clock());
    },
  );

  app.post(
    base,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary:
          'Open a campaign: the template’s questions are copied; units by block (its members in the year) or one by one; N = dossiers received in the year, target = N / (1 + N × 0.05²) rounded up',
        body: NewCampaignBody,
        response: { 201: CampaignDetail },
      },
    },
    async (request, reply) => {
      const detail = await createCampaign(db, actorFromSession(request.session), request.body, clock());
      reply.status(201);
      return withEtag(reply, detail);
    },
  );

  app.get(
    `${base}/:code`,
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'One campaign: its units (short link, N, suggested and set target, submitted, drafts), officials’ groups, and what the caller may do',
        params: CampaignCodeParam,
        response: { 200: CampaignDetail },
      },
    },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      return withEtag(reply, await getCampaign(db, actor, campaignReader(actor), request.params.code, clock()));
    },
  );

  app.patch(
    `${base}/:code`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Change a campaign’s name, dates (inside its year), channels, double entry (If-Match: its version)',
        params: CampaignCodeParam,
        body: CampaignPatchBody,
        response: { 200: CampaignDetail },
      },
    },
    async (request, reply) =>
      withEtag(reply, await updateCampaign(db, actorFromSession(request.session), request.params.code, request.body, ifMatch(request.headers), clock())),
  );

  app.post(
    `${base}/:code/close`,
    {
      config: { access: access.admin },
      schema: { tags, summary: 'Close a campaign now: it takes no more responses', params: CampaignCodeParam, response: { 200: CampaignDetail } },
    },
    async (request, reply) => withEtag(reply, await closeCampaign(db, actorFromSession(request.session), request.params.code, clock())),
  );

  app.post(
    `${base}/:code/units`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Add a unit to a (SIPAS or custom) campaign; its target defaults to the suggested sample',
        params: CampaignCodeParam,
        body: CampaignAddUnitBody,
        response: { 200: CampaignDetail },
      },
    },
    async (request, reply) => withEtag(reply, await addUnit(db, actorFromSession(request.session), request.params.code, request.body, clock())),
  );

  app.put(
    `${base}/:code/units/:unit`,
    {
      config: { access: access.admin },
      schema: { tags, summary: 'Set a unit’s target sample', params: CampaignUnitParams, body: CampaignTargetBody, response: { 200: CampaignDetail } },
    },
    async (request, reply) =>
      withEtag(reply, await setUnitTarget(db, actorFromSession(request.session), request.params.code, request.params.unit, request.body.target, clock())),
  );

  app.delete(
    `${base}/:code/units/:unit`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Remove a unit from a (SIPAS or custom) campaign; refused (409) when it has responses or personal links',
        params: CampaignUnitParams,
        response: { 200: CampaignDetail },
      },
    },
    async (request, reply) => withEtag(reply, await removeUnit(db, actorFromSession(request.session), request.params.code, request.params.unit, clock())),
  );

  app.post(
    `${base}/:code/groups`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Add a respondent group to an officials’ campaign with the units it rates (they join the campaign’s units)',
        params: CampaignCodeParam,
        body: GroupBody,
        response: { 200: CampaignDetail },
      },
    },
    async (request, reply) => withEtag(reply, await createGroup(db, actorFromSession(request.session), request.params.code, request.body, clock())),
  );

  app.put(
    `${base}/:code/groups/:group`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Rename a group or replace the units it rates (a unit no group rates any more leaves the campaign, unless it has responses)',
        params: CampaignGroupParams,
        body: GroupPatchBody,
        response: { 200: CampaignDetail },
      },
    },
    async (request, reply) =>
      withEtag(reply, await updateGroup(db, actorFromSession(request.session), request.params.code, request.params.group, request.body, clock())),
  );

  app.delete(
    `${base}/:code/groups/:group`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Delete a group without responses (its unused links go with it)',
        params: CampaignGroupParams,
        response: { 200: CampaignDetail },
      },
    },
    async (request, reply) => withEtag(reply, await deleteGroup(db, actorFromSession(request.session), request.params.code, request.params.group, clock())),
  );

  app.post(
    `${base}/:code/links`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary:
          'Issue single-use personal links (/s/t/<token>) for a group (officials) or a unit, one per label or `count` of them; the links are returned only now (only hashes are kept)',
        params: CampaignCodeParam,
        body: IssueLinksBody,
        response: { 201: IssuedLinks },
      },
    },
    async (request, reply) => {
      const issued = await issueLinks(db, actorFromSession(request.session), request.params.code, request.body, clock());
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(issued);
    },
  );

  app.get(
    `${base}/:code/links`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'The personal links issued: label, group or unit, used or not (never the links themselves)',
        params: CampaignCodeParam,
        response: { 200: LinkList },
      },
    },
    async (request) => listLinks(db, request.params.code),
  );
}
