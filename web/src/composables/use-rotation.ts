import { computed, ref, watch, type Ref } from 'vue';

/** Which of the sets is up `elapsedMs` after the rotation started, each staying its own seconds. */
export function rotationIndex(sets: readonly { seconds: number }[], elapsedMs: number): number {
  if (sets.length <= 1) return 0;
  const cycle = sets.reduce((s, x) => s + x.seconds * 1000, 0);
  let t = ((elapsedMs % cycle) + cycle) % cycle;
  for (let i = 0; i < sets.length; i++) {
    t -= sets[i].seconds * 1000;
    if (t < 0) return i;
  }
  return 0;
}

/**
 * Kiosk rotation through the configured panel sets, driven by a ticking `now` so a test's
 * clock moves it. A changed configuration starts the rotation over from its first set.
 */
export function useRotation(sets: Ref<readonly { seconds: number }[]>, now: Ref<number>) {
  const started = ref(now.value);
  watch(
    () => JSON.stringify(sets.value),
    () => (started.value = now.value),
  );
  return computed(() => rotationIndex(sets.value, now.value - started.value));
}
