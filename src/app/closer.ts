/**
 * What an app opened, in the order it opened it, so that it can be closed in reverse: the server
 * before the components, the components before the store they write to.
 */
export interface Closer {
  /** Registers how to close something just opened; it is closed before anything opened earlier. */
  add(name: string, close: () => Promise<void> | void): void;
  /**
   * Closes everything in reverse order of opening, once. A step that fails does not stop the
   * ones after it (the store must close even when the chain's socket would not), and the first
   * failure is thrown once all have run.
   */
  close(): Promise<void>;
}

export function closer(onError?: (name: string, error: unknown) => void): Closer {
  const steps: { name: string; close: () => Promise<void> | void }[] = [];
  let closing: Promise<void> | undefined;
  return {
    add: (name, close) => {
      steps.push({ name, close });
    },
    close: () =>
      (closing ??= (async () => {
        let first: unknown = undefined;
        let failed = false;
        for (const step of steps.reverse()) {
          try {
            await step.close();
          } catch (e) {
            onError?.(step.name, e);
            if (!failed) first = e;
            failed = true;
          }
        }
        if (failed) throw first;
      })()),
  };
}
