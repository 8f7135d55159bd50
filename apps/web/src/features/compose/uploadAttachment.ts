import {
  CSRF_HEADER,
  UPLOAD_FILENAME_HEADER,
  UPLOAD_PATH,
  type HttpErrorBody,
  type UploadResult,
} from '@tidings/protocol';

const HTTP_TOO_LARGE = 413;

export interface Upload {
  result: Promise<UploadResult>;
  abort(): void;
}

/** Why an upload failed, in words for the user. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/**
 * POST /api/upload with the file as the body (streamed by the browser, never read into
 * memory here), its name URI-encoded in `x-filename`. XMLHttpRequest because fetch cannot
 * report upload progress.
 */
export function uploadAttachment(
  file: File,
  csrfToken: string,
  onProgress: (fraction: number) => void,
): Upload {
  const xhr = new XMLHttpRequest();
  const result = new Promise<UploadResult>((resolve, reject) => {
    xhr.open('POST', UPLOAD_PATH);
    xhr.responseType = 'text';
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader(UPLOAD_FILENAME_HEADER, encodeURIComponent(file.name));
    xhr.setRequestHeader(CSRF_HEADER, csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadResult);
        } catch {
          reject(
            new UploadError('The server sent an answer Tidings does not understand.', xhr.status),
          );
        }
        return;
      }
      reject(new UploadError(refusal(file.name, xhr.status, xhr.responseText), xhr.status));
    };
    xhr.onerror = () =>
      reject(new UploadError('The upload failed; check your connection and try again.', 0));
    xhr.onabort = () => reject(new UploadError('The upload was cancelled.', 0));
    xhr.send(file);
  });
  return { result, abort: () => xhr.abort() };
}

function refusal(filename: string, status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as Partial<HttpErrorBody>;
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
  } catch {
    // Not the gateway's answer (a proxy's page): said in general terms below.
  }
  if (status === HTTP_TOO_LARGE) return `“${filename}” is too large to attach.`;
  return `“${filename}” could not be uploaded (HTTP ${status}).`;
}
