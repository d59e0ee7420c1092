// What the functions use of the stripe SDK (the adapter passes the real client).

export interface CheckoutSessionLike {
  id: string;
  url?: string | null;
  payment_status?: string;
  status?: string | null;
  client_reference_id?: string | null;
  metadata?: Record<string, string> | null;
  amount_total?: number | null;
  currency?: string | null;
}

export interface StripeEventLike {
  id: string;
  type: string;
  data: { object: unknown };
}

export interface StripeLike {
  checkout: {
    sessions: {
      create(params: Record<string, unknown>, options?: { idempotencyKey?: string }): Promise<CheckoutSessionLike>;
    };
  };
  webhooks: {
    constructEventAsync(
      payload: string,
      header: string,
      secret: string,
      tolerance?: number,
      cryptoProvider?: unknown,
    ): Promise<StripeEventLike>;
  };
}

/** The real Stripe client as a StripeLike (its parameter types are widened here, in one place). */
export function stripeFromSdk(client: {
  // deno-lint-ignore no-explicit-any
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  checkout: { sessions: { create(params: any, options?: any): Promise<CheckoutSessionLike> } };
  // deno-lint-ignore no-explicit-any
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  webhooks: { constructEventAsync(...args: any[]): Promise<StripeEventLike> };
}): StripeLike {
  return {
    checkout: { sessions: { create: (params, options) => client.checkout.sessions.create(params, options) } },
    webhooks: {
      constructEventAsync: (payload, header, secret, tolerance, cryptoProvider) =>
        client.webhooks.constructEventAsync(payload, header, secret, tolerance, cryptoProvider),
    },
  };
}
