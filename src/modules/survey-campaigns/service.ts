/**
 * Survey campaigns' service, by operation: queries.ts (reads), commands.ts (writes, each in one transaction with its
 * audit row); policies.ts says who reads and changes what. Other modules read campaigns through here or through
 * the surveys core (src/modules/surveys/campaigns.ts).
 */
export { getCampaign, listCampaigns, listLinks, readableCampaign, responseCountsByUnit } from './queries.js';
export {
  addUnit,
  closeCampaign,
  createCampaign,
  createGroup,
  deleteGroup,
  issueLinks,
  LINK_FILE_COLUMNS,
  removeUnit,
  setUnitTarget,
  updateCampaign,
  updateGroup,
} from './commands.js';
