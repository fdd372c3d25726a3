/**
 * Reads up to `ahead` items of an async iterable in advance, so the next partner page is on its way
 * while the current one is written. Async generators queue next() calls, so order is kept.
 */
export async function* prefetch<T>(source: AsyncIterable<T>, ahead: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const buffer: Promise<IteratorResult<T>>[] = [];
  const fill = () => {
    while (buffer.length < ahead) {
      const next = iterator.next();
      // Handled when awaited below; this keeps an early rejection from counting as unhandled.
      next.catch(() => undefined);
      buffer.push(next);
    }
  };
  try {
    for (;;) {
      fill();
      const result = await buffer.shift()!;
      if (result.done) return;
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}
