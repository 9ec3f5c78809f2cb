/**
 * A client-side request stream the test feeds by hand: `push` sends a
 * message on an open bidi stream, `close` half-closes it.
 */
export class RequestQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #closed = false;
  #wake: (() => void) | undefined;

  push(item: T): void {
    this.#items.push(item);
    this.#wake?.();
  }

  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = this.#items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}

/** The `Event` oneof of a Submit/Attach request with these function results. */
export function toolResults(...results: [name: string, content: string][]) {
  return {
    case: "toolResultList" as const,
    value: {
      toolResults: results.map(([name, content]) => ({
        ToolResultType: {
          case: "functionResult" as const,
          value: { name, ContentType: { case: "content" as const, value: content } },
        },
      })),
    },
  };
}

/** A client request stream of fixed messages, closed after the last one. */
export async function* requestsOf<T>(...items: T[]): AsyncGenerator<T> {
  yield* items;
}
