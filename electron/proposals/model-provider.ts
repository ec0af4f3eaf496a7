import { AppError, firstLine } from '../../shared/errors';
import type { ModelSettings } from '../engine/workspace-config';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** Anything that turns a conversation into the model's reply (a stub in tests). */
export interface ModelProvider {
  readonly description: string;
  complete(messages: readonly ChatMessage[]): Promise<string>;
}

const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

/**
 * An OpenAI-compatible chat-completions endpoint: `POST {baseUrl}/chat/completions` with a
 * bearer key. The key is read from the environment variable the user named, at call time; it is
 * never written to a file, logged or put in an error message.
 */
export class OpenAiCompatibleProvider implements ModelProvider {
  readonly description: string;
  private readonly settings: ModelSettings;
  private readonly env: NodeJS.ProcessEnv;

  constructor(settings: ModelSettings, env: NodeJS.ProcessEnv = process.env) {
    this.settings = settings;
    this.env = env;
    this.description = `${settings.model} at ${settings.baseUrl}`;
  }

  async complete(messages: readonly ChatMessage[]): Promise<string> {
    const key = this.env[this.settings.apiKeyEnv];
    if (key === undefined || key === '') {
      throw new AppError('MODEL_NOT_CONFIGURED', `The model's key is not set: environment variable ${this.settings.apiKeyEnv} is empty.`, {
        hint: `Set ${this.settings.apiKeyEnv} before starting the app.`,
      });
    }
    const url = `${this.settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ model: this.settings.model, messages, temperature: 0.2 }),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${this.settings.timeoutMs} ms` : causeOf(error);
      throw new AppError('MODEL_ERROR', `Could not reach the model at ${url}: ${reason}.`, { hint: 'Check model.baseUrl in saraphina.config.json.' });
    }
    const text = await response.text();
    if (text.length > MAX_RESPONSE_BYTES) throw new AppError('MODEL_ERROR', 'The model answered with more than 2 MB.');
    if (!response.ok) {
      throw new AppError('MODEL_ERROR', `The model answered HTTP ${response.status}: ${firstLine(errorText(text))}`, {
        hint: response.status === 401 || response.status === 403 ? `Check the key in ${this.settings.apiKeyEnv}.` : 'Try again, or check the model settings.',
      });
    }
    const content = messageContent(text);
    if (content === null) throw new AppError('MODEL_ERROR', 'The model answered without a message (no choices[0].message.content).');
    return content;
  }
}

/** The configured provider, or a MODEL_NOT_CONFIGURED error saying how to turn it on. */
export function providerFromSettings(settings: ModelSettings | null, env: NodeJS.ProcessEnv = process.env): ModelProvider {
  if (settings === null) {
    throw new AppError('MODEL_NOT_CONFIGURED', 'No language model is configured; code generation is off.', {
      hint: 'Add "model": { "baseUrl", "model", "apiKeyEnv" } to saraphina.config.json, or write the code yourself with --file.',
    });
  }
  return new OpenAiCompatibleProvider(settings, env);
}

function messageContent(text: string): string | null {
  try {
    const body = JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] };
    const content = body.choices?.[0]?.message?.content;
    return typeof content === 'string' ? content : null;
  } catch {
    return null;
  }
}

function errorText(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string };
    if (typeof body.error === 'string') return body.error;
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // Not JSON: show the text itself.
  }
  return text.trim() === '' ? '(empty body)' : text.trim();
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
