import { AppError } from '../../shared/errors';

/** Rejects with EVAL_TIMEOUT if `promise` has not settled within `ms`. */
export async function withTimeLimit<T>(promise: Promise<T> | T, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new AppError('EVAL_TIMEOUT', `${what} did not finish within ${ms} ms.`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(promise), limit]);
  } finally {
    clearTimeout(timer);
  }
}
