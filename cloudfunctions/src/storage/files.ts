// Uploaded files (spreadsheets) by id: WeChat cloud storage fileIDs in production,
// a folder under the data directory self-hosted. Handlers only ever read.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FileStore {
  /** The file's bytes, or null when there is no such file. */
  read(fileId: string): Promise<Uint8Array | null>;
}

const LOCAL_ID = /^up_[0-9a-f]{32}$/;

/** Self-hosted uploads: `POST /api/upload` saves here and answers the id. */
export class DiskFiles implements FileStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** A new file's id (the file's name in `dir`). */
  newId(): string {
    return `up_${randomUUID().replace(/-/g, '')}`;
  }

  save(bytes: Uint8Array): string {
    const id = this.newId();
    writeFileSync(join(this.dir, id), bytes);
    return id;
  }

  async read(fileId: string): Promise<Uint8Array | null> {
    // Ids are ours: anything else (a path, say) is simply not a file here.
    if (!LOCAL_ID.test(fileId)) return null;
    try {
      return readFileSync(join(this.dir, fileId));
    } catch {
      return null;
    }
  }
}

/** What wx-server-sdk's downloadFile answers. */
interface CloudDownloader {
  downloadFile(options: { fileID: string }): Promise<{ fileContent: Uint8Array }>;
}

/** WeChat: the mini-program uploads with wx.cloud.uploadFile and passes the fileID. */
export class CloudFiles implements FileStore {
  constructor(private readonly cloud: CloudDownloader) {}

  async read(fileId: string): Promise<Uint8Array | null> {
    if (!fileId.startsWith('cloud://')) return null;
    try {
      return (await this.cloud.downloadFile({ fileID: fileId })).fileContent;
    } catch {
      return null;
    }
  }
}
