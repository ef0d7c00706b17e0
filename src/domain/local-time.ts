/** The province's time zone: the domain works on local calendar dates here. */
export const LOCAL_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const yearFormat = new Intl.DateTimeFormat('en-CA', { timeZone: LOCAL_TIME_ZONE, year: 'numeric' });

/** The local (Asia/Ho_Chi_Minh) calendar year of an instant. */
export function localYear(instant: Date): number {
  return Number(yearFormat.format(instant));
}
