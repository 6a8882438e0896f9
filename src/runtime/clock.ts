// Time as a value passed in: every component that asks "what time is it" takes a Clock, so
// tests can move time (lease expiry, token lifetimes, rate windows) without waiting.

/** Milliseconds since the epoch, like Date.now(). */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
