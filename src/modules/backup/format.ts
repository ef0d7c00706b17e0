import type { SequenceValue, TableInfo } from './tables.js';

/**
 * The backup archive (a gzip-compressed tar):
 *
 *   parindex-backup.json            the header: format, versions, created at, tables and columns (read first)
 *   database/NNN-<table>/NNNNNN.copy  each table's rows in PostgreSQL's COPY text format, tables in dependency order,
 *                                   cut into members of about 8 MiB at row boundaries
 *   files/ab/cd/<sha256>            the stored evidence files the `files` table names
 *   manifest.json                   last: the header again with row counts, the sha256 and size of every member,
 *                                   the sequences' values and the files that were missing from the store
 */
export const BACKUP_FORMAT = 'parindex-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const HEADER_NAME = 'parindex-backup.json';
export const MANIFEST_NAME = 'manifest.json';
/** Rows are cut into members of at least this size (at a row boundary), so memory stays bounded. */
export const MEMBER_BYTES = 8 * 1024 * 1024;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  format_version: number;
  app_version: string;
  database_kind: 'pglite' | 'postgres';
  migration: { version: string; count: number };
  created_at: string;
  tables: TableInfo[];
}

export interface MemberInfo {
  name: string;
  bytes: number;
  sha256: string;
}

export interface TableManifest extends TableInfo {
  rows: number;
  members: (MemberInfo & { rows: number })[];
}

export interface BackupManifest extends Omit<BackupHeader, 'tables'> {
  header_sha256: string;
  tables: TableManifest[];
  sequences: SequenceValue[];
  files: MemberInfo[];
  /** Keys the `files` table names whose bytes were not in the store when the backup was made. */
  missing_files: string[];
}

export function tableMemberName(index: number, table: string, part: number): string {
  return `database/${String(index + 1).padStart(3, '0')}-${table}/${String(part).padStart(6, '0')}.copy`;
}

export function fileMemberName(sha256: string): string {
  return `files/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export const TABLE_MEMBER = /^database\/(\d{3})-([a-z0-9_]+)\/(\d{6})\.copy$/;
export const FILE_MEMBER = /^files\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/** Number of rows in COPY text: every row ends with a newline, and newlines inside values are escaped. */
export function countRows(buffer: Buffer): number {
  let rows = 0;
  for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) rows++;
  return rows;
}
