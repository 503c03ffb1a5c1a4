// Files in and out of the phone: choosing a spreadsheet, uploading it with progress, and
// saving a downloaded template. The WeChat / H5 split lives here, not in the pages.
import Taro from '@tarojs/taro';
import { type ClientError, type Result, asResult, networkError } from './api';
import { getToken } from './token';
import type { FileDownload } from './types';

export interface PickedFile {
  name: string;
  /** Bytes. */
  size: number;
  /** H5: the browser's File; WeChat: the chat file's temporary path. */
  handle: unknown;
}

export interface FilePlatform {
  /**
   * How a person picks a file: 'input' (H5: the page shows a real file input, the only
   * way a browser lets a page read a file) or 'chooser' (WeChat: `choose()` opens a chat's files).
   */
  readonly pickWith: 'input' | 'chooser';
  choose(): Promise<PickedFile | null>;
  /** Sends the bytes; `onProgress` hears 0…1. Answers the id the import function reads. */
  upload(file: PickedFile, onProgress: (fraction: number) => void): Promise<Result<{ fileId: string }>>;
  /** Puts a downloaded file where the person can open or forward it; answers what was done. */
  saveDownload(download: FileDownload): Promise<Result<{ message: string }>>;
}

export const SHEET_EXTENSIONS = ['xlsx', 'csv'] as const;

/** A file from an H5 `<input type="file">`. */
export const fromBrowserFile = (file: File): PickedFile => ({ name: file.name, size: file.size, handle: file });

const failure = (message: string, code: ClientError['code'] = 'BAD_FILE'): { ok: false; error: ClientError } => ({ ok: false, error: { code, message } });

/** Self-hosted H5: raw bytes to `POST /api/upload`; XMLHttpRequest because fetch reports no upload progress. */
export function browserFiles(baseUrl = ''): FilePlatform {
  return {
    pickWith: 'input',
    choose: () => Promise.resolve(null),
    upload(file, onProgress) {
      return new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', `${baseUrl}/api/upload`);
        xhr.setRequestHeader('Content-Type', 'application/octet-stream');
        const token = getToken();
        if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
        };
        xhr.onload = () => {
          let body: unknown;
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            body = undefined;
          }
          // A proxy's 413 page or similar is not a Result: say the file did not arrive.
          if (body === undefined && xhr.status === 413) resolve(failure('文件太大，无法上传'));
          else resolve(asResult<{ fileId: string }>(body));
        };
        xhr.onerror = () => resolve(networkError());
        xhr.ontimeout = () => resolve(networkError());
        xhr.send(file.handle as Blob);
      });
    },
    async saveDownload(download) {
      const binary = atob(download.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      const url = URL.createObjectURL(new Blob([bytes], { type: download.contentType }));
      const link = document.createElement('a');
      link.href = url;
      link.download = download.fileName;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return { ok: true, data: { message: `已下载 ${download.fileName}` } };
    },
  };
}

interface CloudUploadTask {
  onProgressUpdate?(cb: (res: { progress: number }) => void): void;
}

const extensionOf = (name: string): string => /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? 'bin';

/** WeChat: a file from a chat (where suppliers send their spreadsheets), uploaded to cloud storage. */
export const wechatFiles: FilePlatform = {
  pickWith: 'chooser',
  async choose() {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: [...SHEET_EXTENSIONS] });
      const file = res.tempFiles[0];
      return file ? { name: file.name, size: file.size, handle: file.path } : null;
    } catch {
      // Cancelled: nothing chosen.
      return null;
    }
  },
  upload(file, onProgress) {
    return new Promise((resolve) => {
      const random = Math.random().toString(36).slice(2, 10);
      const task = Taro.cloud.uploadFile({
        cloudPath: `stock-imports/${Date.now()}-${random}.${extensionOf(file.name)}`,
        filePath: file.handle as string,
        success: (res) => resolve({ ok: true, data: { fileId: res.fileID } }),
        fail: () => resolve(networkError()),
      }) as unknown as CloudUploadTask | undefined;
      task?.onProgressUpdate?.((res) => onProgress(res.progress / 100));
    });
  },
  async saveDownload(download) {
    const env = (Taro as unknown as { env?: { USER_DATA_PATH?: string } }).env;
    const filePath = `${env?.USER_DATA_PATH ?? ''}/${download.fileName}`;
    try {
      await new Promise<void>((resolve, reject) => {
        Taro.getFileSystemManager().writeFile({ filePath, data: download.base64, encoding: 'base64', success: () => resolve(), fail: reject });
      });
      if (download.fileName.endsWith('.xlsx')) {
        // Opens in WeChat's viewer; its menu forwards the file to a chat or the computer.
        await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
        return { ok: true, data: { message: `${download.fileName} 已打开，可从右上角菜单转发` } };
      }
      // WeChat cannot preview CSV: hand it to a chat instead.
      await (Taro as unknown as { shareFileMessage(o: { filePath: string; fileName: string }): Promise<unknown> }).shareFileMessage({ filePath, fileName: download.fileName });
      return { ok: true, data: { message: `${download.fileName} 已发送` } };
    } catch {
      return failure('文件保存失败，请重试', 'NETWORK');
    }
  },
};

let platform: FilePlatform | null = null;

/** Tests upload into the in-process backend's file store; the app never calls this. */
export function setFilePlatform(next: FilePlatform | null): void {
  platform = next;
}

export const files = (): FilePlatform => platform ?? (process.env.TARO_ENV === 'weapp' ? wechatFiles : browserFiles());

/** "12.3 KB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
