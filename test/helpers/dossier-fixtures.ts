/** SNV's birth registration: 5 working days, legal and internal, fully online; the dossier tests' usual procedure. */
export const SNV_BIRTH_REGISTRATION = {
  code: 'P.SNV.1',
  name: 'Đăng ký khai sinh',
  field: 'Hộ tịch',
  unitCode: 'SNV',
  legalDays: 5,
  internalDays: 5,
  onlineLevel: 'full',
} as const;
