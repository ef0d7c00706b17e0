import nodemailer from 'nodemailer';

/** One e-mail of the digest: plain text and its simple HTML twin. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What sends the digests: SMTP in the app (SMTP_URL), anything that sends in a test. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

/**
 * A mailer on the SMTP server of SMTP_URL (smtp://user:pass@host:587 upgrades with STARTTLS when offered,
 * smtps:// is TLS from the start), sending from SMTP_FROM. Timeouts are short so a dead server fails a run quickly.
 */
export function createSmtpMailer(smtp: { url: string; from: string }): Mailer {
  // nodemailer reads its options from the URL's query (smtp://host:25?connectionTimeout=5000): ours are defaults there.
  const url = new URL(smtp.url);
  for (const [key, value] of Object.entries(TIMEOUTS)) if (!url.searchParams.has(key)) url.searchParams.set(key, String(value));
  const transport = nodemailer.createTransport(url.toString());
  return {
    async send(mail) {
      await transport.sendMail({ from: smtp.from, ...mail });
    },
    close() {
      transport.close();
    },
  };
}
