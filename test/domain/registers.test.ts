import { describe, expect, it } from 'vitest';
import { checkRegisterData, REGISTER_COUNT_NAMES, REGISTER_FIELDS, REGISTER_KINDS, registerCounts, registerFileColumns } from '../../src/domain/registers.js';

const zero = Object.fromEntries(REGISTER_COUNT_NAMES.map((n) => [n, 0]));

describe('register entries', () => {
  it('normalises choices and counts and names every bad field', () => {
    expect(checkRegisterData('knowledge_tests', { participants: ' 40 ', passed: '38' })).toEqual({ data: { participants: 40, passed: 38 }, issues: [] });
    const bad = checkRegisterData('knowledge_tests', { participants: '10', passed: '12' });
    expect(bad.issues).toEqual([{ field: 'passed', code: 'register_passed_over_participants', params: { passed: 12, participants: 10 } }]);
    expect(checkRegisterData('legal_documents', { action: 'ban_hanh' }).issues.map((i) => [i.field, i.code])).toEqual([['action', 'register_field_choice']]);
    expect(checkRegisterData('training_courses', { participants: '-3' }).issues.map((i) => i.code)).toEqual(['register_field_count']);
    expect(checkRegisterData('training_courses', { participants: '2.5' }).issues.map((i) => i.code)).toEqual(['register_field_count']);
    expect(checkRegisterData('procedure_reviews', { proposal: 'simplify' }).issues).toEqual([
      { field: 'procedure_code', code: 'register_field_required', params: { field: 'procedure_code' } },
    ]);
  });

  it('counts what the formula variables read (hand-computed)', () => {
    /*
     * legal: issued ×2, amended ×1, repeal_proposed ×1 → 2, 1, 1.
     * procedures: abolish ×1, simplify ×2 → 1, 2.
     * training: 2 courses of 30 and 45 people → 2 courses, 75 participants.
     * contests: 1 of 120 → 1, 120. knowledge tests: 40/38 and 12/10 → 52 participants, 48 passed.
     * quality: not_applied (1 audit) then maintained (2 audits) → applied 1, audits 3.
     */
    const counts = registerCounts([
      { register: 'legal_documents', data: { action: 'issued' } },
      { register: 'legal_documents', data: { action: 'issued' } },
      { register: 'legal_documents', data: { action: 'amended' } },
      { register: 'legal_documents', data: { action: 'repeal_proposed' } },
      { register: 'procedure_reviews', data: { proposal: 'abolish', procedure_code: '1.001' } },
      { register: 'procedure_reviews', data: { proposal: 'simplify', procedure_code: '1.002' } },
      { register: 'procedure_reviews', data: { proposal: 'simplify', procedure_code: '1.003' } },
      { register: 'training_courses', data: { participants: 30 } },
      { register: 'training_courses', data: { participants: 45 } },
      { register: 'contests', data: { participants: 120 } },
      { register: 'knowledge_tests', data: { participants: 40, passed: 38 } },
      { register: 'knowledge_tests', data: { participants: 12, passed: 10 } },
      { register: 'quality_system', data: { status: 'not_applied', internal_audits: 1 } },
      { register: 'quality_system', data: { status: 'maintained', internal_audits: 2 } },
    ]);
    expect(counts).toEqual({
      legalDocumentsIssued: 2,
      legalDocumentsAmended: 1,
      legalDocumentsRepealProposed: 1,
      proceduresProposedAbolished: 1,
      proceduresProposedSimplified: 2,
      trainingCourses: 2,
      trainingParticipants: 75,
      contests: 1,
      contestParticipants: 120,
      knowledgeTestParticipants: 52,
      knowledgeTestPassed: 48,
      isoApplied: 1,
      isoInternalAudits: 3,
    });
    expect(registerCounts([])).toEqual(zero);
    // ISO not applied: 0 even with audits recorded.
    expect(registerCounts([{ register: 'quality_system', data: { status: 'not_applied', internal_audits: 0 } }]).isoApplied).toBe(0);
  });

  it('gives each register its file columns: unit_code,code,title,date then its fields in order', () => {
    expect(registerFileColumns('knowledge_tests')).toEqual(['unit_code', 'code', 'title', 'date', 'participants', 'passed']);
    expect(registerFileColumns('procedure_reviews')).toEqual(['unit_code', 'code', 'title', 'date', 'proposal', 'procedure_code']);
    for (const kind of REGISTER_KINDS) expect(registerFileColumns(kind).slice(4)).toEqual(Object.keys(REGISTER_FIELDS[kind]));
  });
});
