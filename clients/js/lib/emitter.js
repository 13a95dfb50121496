/** A minimal typed event emitter: `on` returns a function that removes the listener; a throwing listener is reported, never propagated. */
export class Emitter {
  #listeners = new Map();

  on(type, listener) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(listener);
    return () => this.off(type, listener);
  }

  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
  }

  once(type, listener) {
    const off = this.on(type, (e) => { off(); listener(e); });
    return off;
  }

  emit(type, event) {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      try {
        listener(event);
      } catch (e) {
        // a listener's bug must not stop the client; surface it where the platform reports uncaught errors
        setTimeout(() => { throw e; }, 0);
      }
    }
  }
}
