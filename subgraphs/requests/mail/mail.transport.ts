import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { mailDomain, type MailSettings } from './mail.settings';

export interface OutgoingMail {
  /** The outbox id: it becomes the Message-ID, and the name of the `.eml` file. */
  id: string;
  to: string;
  subject: string;
  text: string;
  language: string;
  /** A message a subject may unsubscribe from marketing with: its one-click link (RFC 2369, 8058). */
  unsubscribeUrl?: string;
}

/** Sends one message; answers what the provider said (its queue reply, or the file written). */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

/**
 * From configuration: SMTP_URL set → nodemailer's SMTP transport to that server; unset →
 * nodemailer's stream transport, whose raw message is written as `<outbox id>.eml` under
 * DATA_DIR/mail (the embedded default: mail you can open, no server needed).
 */
export function mailTransport(settings: MailSettings): MailTransport {
  const domain = mailDomain(settings.from);
  const envelope = (mail: OutgoingMail) => ({
    from: settings.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    // The outbox id as Message-ID: a message sent again after an answer that never came (the
    // server took it, then the connection dropped) carries the same id, so it can be recognised.
    messageId: `<${mail.id}@${domain}>`,
    headers: {
      'Content-Language': mail.language,
      ...(mail.unsubscribeUrl ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
    ...(mail.unsubscribeUrl ? { list: { unsubscribe: { url: mail.unsubscribeUrl, comment: 'Unsubscribe' } } } : {}),
  });

  if (settings.smtpUrl) {
    const smtp = nodemailer.createTransport({
      url: settings.smtpUrl,
      connectionTimeout: settings.sendTimeoutMs,
      greetingTimeout: settings.sendTimeoutMs,
      socketTimeout: settings.sendTimeoutMs,
    });
    return {
      async send(mail) {
        const info = await smtp.sendMail(envelope(mail));
        if (info.rejected.length > 0) throw new Error('the SMTP server refused the recipient');
        return info.response.slice(0, 300);
      },
      close: () => smtp.close(),
    };
  }

  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await stream.sendMail(envelope(mail));
      await fs.mkdir(settings.dir, { recursive: true });
      const file = path.join(settings.dir, `${mail.id}.eml`);
      // Written whole or not at all: a crash mid-write leaves no half message behind.
      const partial = `${file}.${process.pid}.tmp`;
      await fs.writeFile(partial, info.message);
      await fs.rename(partial, file);
      return file;
    },
    close: () => undefined,
  };
}
