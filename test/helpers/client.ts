import type { z } from 'zod';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Leave out the CSRF header even when the client has a token. */
  noCsrf?: boolean;
}

/** A tiny browser stand-in: keeps the session cookie and sends the CSRF token like the SPA does. */
export class ApiClient {
  cookie: string | null = null;
  /** Every other cookie the server set (e.g. parindex_wrote), sent back like a browser would. */
  readonly otherCookies = new Map<string, string>();
  csrfToken: string | null = null;
  user: any = null;

  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const cookies = [...(this.cookie ? [this.cookie] : []), ...[...this.otherCookies].map(([name, value]) => `${name}=${value}`)];
    if (cookies.length) headers.cookie = cookies.join('; ');
    if (this.csrfToken && !options.noCsrf && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    for (const other of response.headers.getSetCookie().filter((c) => !c.startsWith('parindex_sid='))) {
      const [name, ...value] = other.split(';')[0]!.split('=');
      if (value.join('=') === '' || /max-age=0\b/i.test(other)) this.otherCookies.delete(name!);
      else this.otherCookies.set(name!, value.join('='));
    }
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('parindex_sid='));
    if (setCookie) {
      const value = setCookie.split(';')[0]!;
      this.cookie = value === 'parindex_sid=' ? null : value;
    }
    const text = await response.text();
    let parsed: any = text;
    if ((response.headers.get('content-type') ?? '').includes('application/json') && text) parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && typeof parsed.csrfToken === 'string') {
      this.csrfToken = parsed.csrfToken;
      this.user = parsed.user;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = any>(path: string, json?: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...options, json: json ?? options.json });
  }
  patch<T = any>(path: string, json: unknown, options: RequestOptions = {}) {
    return this.request<T>('PATCH', path, { ...options, json });
  }
  put<T = any>(path: string, json: unknown, options: RequestOptions = {}) {
    return this.request<T>('PUT', path, { ...options, json });
  }
  delete<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }

  /**
   * A GET whose answer must be `status` and match the route's response schema (from the module's schemas.ts): the
   * body comes back typed and checked, so a test fails when the server drifts from its contract.
   */
  async getAs<S extends z.ZodType>(schema: S, path: string, status = 200): Promise<z.infer<S>> {
    const response = await this.get(path);
    if (response.status !== status) throw new Error(`GET ${path}: expected ${status}, got ${response.status} ${response.text.slice(0, 500)}`);
    return schema.parse(response.body);
  }

  /** The same for a write with a JSON body (POST, PUT, PATCH). */
  async sendAs<S extends z.ZodType>(schema: S, method: 'POST' | 'PUT' | 'PATCH', path: string, json: unknown, status = 200): Promise<z.infer<S>> {
    const response = await this.request(method, path, { json });
    if (response.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${response.status} ${response.text.slice(0, 500)}`);
    return schema.parse(response.body);
  }

  /** Uploads one file as multipart/form-data in the field "file". */
  upload<T = any>(path: string, content: Buffer | string, filename = 'file.csv') {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(typeof content === 'string' ? Buffer.from(content) : content)]), filename);
    return this.request<T>('POST', path, { body: form });
  }

  async login(username: string, password: string) {
    const response = await this.post('/api/v1/auth/login', { username, password });
    if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status} ${response.text}`);
    return response;
  }
}
