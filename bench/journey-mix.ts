/**
 * The five-phase walk that `bench/load.ts` sends with `mix: 'journey'`: one step per pass over the
 * customers — a landing page, browsing, a first order, a second order, then a review and a share. How
 * far a customer goes is drawn from its number (40 % only browse, 30 % order once, 20 % twice, 10 %
 * also review and share); past that point they keep browsing. So every call matches a touchpoint of the
 * five-phase template, and customers reach every stage over a run of 10 calls per customer.
 */
const STEPS = ['page', 'Product List Viewed', 'Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed', 'Products Searched', 'Order Completed', 'Product Reviewed', 'Product Shared'];
/** The last step a customer follows, indexed by a hash of its number. */
const REACH = [2, 2, 2, 2, 5, 5, 5, 7, 7, 9];

/** Customers of a run of `events` calls: each gets one pass over the steps. */
export const journeyCustomers = (events: number) => Math.max(1, Math.floor(events / STEPS.length));

const reachOf = (user: number) => REACH[(Math.imul(user, 2654435761) >>> 0) % REACH.length] ?? 2;

/** The customer and the event (or `page`) of call number `n`. */
export function journeyStep(n: number, customers: number): { user: number; name: string } {
  const user = n % customers;
  const step = Math.floor(n / customers) % STEPS.length;
  const name = step <= reachOf(user) ? (STEPS[step] ?? 'page') : step % 2 === 0 ? 'page' : 'Product Viewed';
  return { user, name };
}

/**
 * The `Journey Stage Entered` events a run of `events` calls must store: awareness and consideration
 * for everyone, purchase from the first order, retention from the second, advocacy from the review.
 */
export function expectedStageEntries(events: number): number {
  const customers = journeyCustomers(events);
  if (events % STEPS.length !== 0) throw new Error(`a journey run needs a multiple of ${STEPS.length} calls`);
  let n = 0;
  for (let u = 0; u < customers; u++) {
    const r = reachOf(u);
    n += 2 + (r >= 5 ? 1 : 0) + (r >= 7 ? 1 : 0) + (r >= 8 ? 1 : 0);
  }
  return n;
}
