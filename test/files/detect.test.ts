import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { ALLOWED_TYPES, detectFileType, SampleCollector, sampleOf, zipEntryNames } from '../../src/modules/files/detect.js';
import { GIF_1x1, HTML, JPEG_HEADER, makeDocx, makeExe, makePdf, makeXlsx, makeZip, OLE_HEADER, PNG_1x1, SVG, SVG_BARE, WEBP_1x1 } from './fixtures.js';

function refusal(content: Buffer): AppError {
  try {
    detectFileType(content);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the content to be refused');
}

/** Feeds content through a collector in chunks of `size` bytes, as a stream would. */
function streamedSample(content: Buffer, size: number, tailBytes?: number) {
  const collector = new SampleCollector(tailBytes);
  for (let i = 0; i < content.length; i += size) collector.add(content.subarray(i, i + size));
  return collector.sample();
}

describe('file type detection by content', () => {
  it('recognises a hand-written PDF', () => {
    const pdf = makePdf();
    expect(pdf.toString('latin1')).toMatch(/^%PDF-1\.4\n[\s\S]*startxref\n\d+\n%%EOF\n$/);
    expect(detectFileType(pdf)).toEqual({ kind: 'pdf', mediaType: 'application/pdf', extension: 'pdf' });
  });

  it('recognises a DOCX zipped with jszip', async () => {
    const docx = await makeDocx();
    expect(zipEntryNames(sampleOf(docx))).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
    expect(detectFileType(docx)).toEqual({ kind: 'docx', mediaType: ALLOWED_TYPES.docx.mediaType, extension: 'docx' });
  });

  it('recognises an XLSX written by exceljs', async () => {
    const xlsx = await makeXlsx();
    expect(detectFileType(xlsx)).toEqual({ kind: 'xlsx', mediaType: ALLOWED_TYPES.xlsx.mediaType, extension: 'xlsx' });
  });

  it('recognises PNG (a real 1×1 image), JPEG, WebP and GIF', () => {
    // The PNG is well formed: every chunk's CRC is right.
    for (let at = 8; at < PNG_1x1.length;) {
      const length = PNG_1x1.readUInt32BE(at);
      expect(zlib.crc32(PNG_1x1.subarray(at + 4, at + 8 + length))).toBe(PNG_1x1.readUInt32BE(at + 8 + length));
      at += 12 + length;
    }
    expect(detectFileType(PNG_1x1)).toMatchObject({ mediaType: 'image/png', extension: 'png' });
    expect(detectFileType(JPEG_HEADER)).toMatchObject({ mediaType: 'image/jpeg', extension: 'jpg' });
    expect(detectFileType(WEBP_1x1)).toMatchObject({ mediaType: 'image/webp', extension: 'webp' });
    expect(detectFileType(GIF_1x1)).toMatchObject({ mediaType: 'image/gif', extension: 'gif' });
  });

  it('refuses a program, whatever it is called', () => {
    const error = refusal(makeExe());
    expect(error.code).toBe('unsupported_media_type');
    expect(error.details).toMatchObject({ found: 'executable' });
    expect(refusal(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])).details).toMatchObject({ found: 'executable' });
  });

  it('refuses HTML and SVG, with or without an XML declaration or BOM', () => {
    for (const markup of [HTML, SVG, SVG_BARE]) {
      const error = refusal(markup);
      expect(error.code).toBe('unsupported_media_type');
      expect(error.details).toMatchObject({ found: 'markup' });
    }
  });

  it('refuses a plain zip, a zip with only one of the OOXML markers, and an empty zip', async () => {
    expect(refusal(await makeZip({ 'readme.txt': 'hello' })).details).toMatchObject({ found: 'zip' });
    expect(refusal(await makeZip({ 'word/document.xml': '<w:document/>' })).code).toBe('unsupported_media_type');
    expect(refusal(await makeZip({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p/>' })).code).toBe('unsupported_media_type');
    expect(refusal(await makeZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>', 'xl/workbook.xml': '<x/>' })).code).toBe(
      'unsupported_media_type',
    );
    const emptyZip = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
    expect(refusal(emptyZip).details).toMatchObject({ found: 'zip' });
  });

  it('refuses a macro-enabled document disguised as DOCX', async () => {
    const docm = await makeDocx('macro', { 'word/vbaProject.bin': 'Attribute VB_Name' });
    expect(refusal(docm).details).toMatchObject({ found: 'macro' });
  });

  it('refuses a DOCX cut short (no central directory) and a self-extracting program', async () => {
    const docx = await makeDocx();
    expect(refusal(docx.subarray(0, docx.length - 30)).code).toBe('unsupported_media_type');
    expect(refusal(Buffer.concat([makeExe(), docx])).details).toMatchObject({ found: 'executable' });
  });

  it('refuses an empty file, old Office files, plain text and a near-miss PDF header', () => {
    expect(refusal(Buffer.alloc(0)).message).toMatch(/empty/);
    expect(refusal(OLE_HEADER).details).toMatchObject({ found: 'ole' });
    expect(refusal(Buffer.from('Báo cáo.pdf\n')).code).toBe('unsupported_media_type');
    expect(refusal(Buffer.from('%PDF-X')).code).toBe('unsupported_media_type');
    expect(refusal(Buffer.from(' %PDF-1.7')).code).toBe('unsupported_media_type');
  });

  it('takes the same sample from a stream in small chunks as from the whole file', async () => {
    const xlsx = await makeXlsx(Array.from({ length: 300 }, (_, i) => [`U${i}`, i / 4]));
    for (const chunk of [1, 7, 4096]) {
      const sample = streamedSample(xlsx, chunk);
      expect(sample.size).toBe(xlsx.length);
      expect(sample.head.equals(xlsx.subarray(0, 64))).toBe(true);
      expect(detectFileType(sample).kind).toBe('xlsx');
    }
    // A tail window smaller than the file still holds the central directory at its end.
    const small = streamedSample(xlsx, 100, 2048);
    expect(small.tail.length).toBe(2048);
    expect(small.tail.equals(xlsx.subarray(xlsx.length - 2048))).toBe(true);
    expect(detectFileType(small).kind).toBe('xlsx');
  });

  it('refuses a zip whose central directory does not fit the inspected tail', async () => {
    const manyEntries = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`word/media/image${i}.xml`, `<x>${i}</x>`]));
    const docx = await makeDocx('big', manyEntries);
    expect(detectFileType(streamedSample(docx, 512)).kind).toBe('docx');
    expect(() => detectFileType(streamedSample(docx, 512, 1024))).toThrow(/too large to inspect/);
  });
});
