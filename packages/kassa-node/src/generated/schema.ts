/**
 * GENERATED FILE — do not edit. `npm run sdk:generate` writes it from the OpenAPI document Kassa
 * serves at /api/schema/ (API-key operations only), with openapi-typescript. A test fails when this
 * file and the served document disagree.
 */

export interface paths {
    "/api/checkout/{checkout_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a checkout session
         * @description Status of the session and its transaction_id. Requires checkout:create or payments:read.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    checkout_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Decimal string with exactly 2 decimals, e.g. "99.00". */
                            amount: string;
                            checkout_id: string;
                            /** Format: date-time */
                            created_at: string;
                            currency: string;
                            expires_at: number;
                            order_id: string;
                            /** @description open, complete, failed, canceled or expired. */
                            status: string;
                            transaction_id: string;
                            transaction_status: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/create/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a payment session (hosted checkout)
         * @description Returns checkout_url and token. Redirect the customer to checkout_url to complete payment. Requires an API key with the checkout:create scope.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description ISO 3166-1 alpha-2 country code. */
                        billing_country: string;
                        /** Format: email */
                        billing_email: string;
                        billing_first_name: string;
                        billing_last_name: string;
                        billing_phone?: string;
                        /** @description Required when billing_country is US. */
                        billing_postal_code?: string;
                        /**
                         * Format: uri
                         * @description Where the page sends the customer after canceling.
                         */
                        cancelUrl?: string;
                        /**
                         * @description Charge currency; omitted values default to USD.
                         * @default USD
                         * @enum {string}
                         */
                        currency?: "USD" | "EUR";
                        /** @description Session lifetime; default 1440 (24 h). */
                        expires_in_minutes?: number;
                        /**
                         * Format: uri
                         * @description Where the page sends the customer after the payment failed.
                         */
                        failedUrl?: string;
                        products: {
                            /** @description Catalog product id (prod_…). Name and price come from the catalog. */
                            id?: string;
                            /** @description Ad-hoc item name (only when ad-hoc items are enabled). */
                            name?: string;
                            /** @default 1 */
                            quantity?: number;
                            /** @description Ad-hoc unit price, e.g. 29.99 or "29.99". */
                            unit_price?: string | number;
                        }[];
                        /**
                         * @description Sandbox API key only; rejected with production keys.
                         * @enum {string}
                         */
                        sandbox_simulate?: "payment_failed" | "checkout_canceled" | "canceled" | "success_pending_deposit" | "checkout_pending";
                        /**
                         * Format: uri
                         * @description Where the page sends the customer after a successful payment.
                         */
                        successUrl?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Total charged (tax included). */
                            amount: string;
                            checkout_id: string;
                            /** Format: uri */
                            checkout_url: string;
                            currency: string;
                            /** @description Unix seconds. */
                            expires_at: number;
                            order_id: string;
                            /** @description Decimal string with exactly 2 decimals, e.g. "99.00". */
                            subtotal: string;
                            /** @description Decimal string with exactly 2 decimals, e.g. "99.00". */
                            tax_amount: string;
                            token: string;
                            /** @description Public id of the payment (TX…). */
                            transaction_id: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/refunds/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List refunds
         * @description The organization's refunds, newest first by default. Paging in headers: X-Total-Count and an RFC 8288 Link (next, prev, first, last). Requires refunds:read or payments:read.
         */
        get: {
            parameters: {
                query?: {
                    /** @description ISO 8601 date-time (or date, read as UTC midnight). */
                    created_at__gte?: string;
                    /** @description ISO 8601 date-time (or date, read as UTC midnight). */
                    created_at__lte?: string;
                    /** @description Keyset pagination for deep pages: the X-Next-Cursor of the previous page (or the cursor in its Link `next`). Takes the place of `page`; keep the same `ordering` and filters. */
                    cursor?: string;
                    ordering?: "created_at" | "-created_at" | "amount" | "-amount";
                    page?: number;
                    page_size?: number;
                    /** @description Payment id (TX… or numeric) or text in the refund reason. */
                    search?: string;
                    status?: "pending" | "processing" | "completed" | "failed" | "rejected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        /** @description RFC 8288 links to the next, prev, first and last pages; no `last` when the total is a lower bound. With `cursor`, `next` continues by cursor. */
                        Link?: string;
                        /** @description When the page is full: pass as `cursor` for the next page by keyset (fast at any depth). */
                        "X-Next-Cursor"?: string;
                        /** @description Refunds matching the filters, across all pages: exact, except for a `search` matching more than 1,000 refunds, where it is 1,000 (a lower bound) and X-Total-Count-Exact is false. */
                        "X-Total-Count"?: number;
                        /** @description `false` when X-Total-Count is a lower bound (the count of a search stopped at 1,000). */
                        "X-Total-Count-Exact"?: "true" | "false";
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Decimal string with exactly 2 decimals, e.g. "99.00". */
                            amount: string;
                            amount_in_cents: number;
                            /** @description Decimal string with exactly 2 decimals, e.g. "99.00". */
                            amount_usd: string;
                            /** Format: date-time */
                            created_at: string;
                            currency: string;
                            /** @description USD per unit of the charge currency at the refund's creation. */
                            fx_rate: string;
                            /** @description Public id (RF…). */
                            id: string;
                            numeric_id: number;
                            reason: string;
                            /** @enum {string} */
                            status: "pending" | "processing" | "completed" | "failed" | "rejected";
                            /** @description Public id of the refunded payment (TX…). */
                            transaction_id: string;
                            /** Format: date-time */
                            updated_at: string;
                        }[];
                    };
                };
                /** @description Every 4xx/5xx answer. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/refunds/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a refund
         * @description By public id (e.g. RFabc123) or numeric id. Requires refunds:read or payments:read.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Decimal string with exactly 2 decimals, e.g. "99.00". */
                            amount: string;
                            amount_in_cents: number;
                            /** @description Decimal string with exactly 2 decimals, e.g. "99.00". */
                            amount_usd: string;
                            /** Format: date-time */
                            created_at: string;
                            currency: string;
                            /** @description USD per unit of the charge currency at the refund's creation. */
                            fx_rate: string;
                            /** @description Public id (RF…). */
                            id: string;
                            numeric_id: number;
                            reason: string;
                            /** @enum {string} */
                            status: "pending" | "processing" | "completed" | "failed" | "rejected";
                            /** @description Public id of the refunded payment (TX…). */
                            transaction_id: string;
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/transactions/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a payment
         * @description Retrieve a payment by its public ID (e.g. TXabc123) or numeric ID. Requires payments:read.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description NET amount after fees. */
                            amount: string;
                            /** @description Decimal string with exactly 2 decimals, e.g. "99.00". */
                            amount_refunded: string;
                            /** @description `amount` in USD at the rate stored on the payment. */
                            amount_usd: string;
                            card: {
                                brand: string | null;
                                exp_month: number | null;
                                exp_year: number | null;
                                last4: string;
                            } | null;
                            charge_kind?: ("initial" | "renewal" | "retry" | "manual" | "proration") | null;
                            checkout_id: string;
                            /** Format: date-time */
                            created_at: string;
                            currency: string;
                            /** @description none, pending or succeeded. */
                            deposit_status: string;
                            /** @description Every attempt, newest first. */
                            depositAttempts: {
                                /** Format: date-time */
                                attemptedAt: string;
                                errorMessage: string | null;
                                paymentId: string;
                                paymentMethod: string;
                                /** @description succeeded, requires_payment_method, … */
                                status: string;
                            }[];
                            /** @description Decimal string with exactly 2 decimals, e.g. "99.00". */
                            fee_amount: string;
                            fx_rate: string;
                            /** @description Amount charged to the customer (tax included). */
                            gross_amount: string;
                            /** @description Public id (TX…). */
                            id: string;
                            numeric_id: number;
                            order_id: string;
                            payer_email: string;
                            products: {
                                id: string | null;
                                name: string;
                                quantity: number;
                                /** @description Decimal string with exactly 2 decimals, e.g. "99.00". */
                                unit_price: string;
                            }[];
                            review: {
                                /** Format: date-time */
                                flagged_at: string;
                                /** @description For example "amount_mismatch: the processor reports 26.00 USD, Kassa expects 25.00 USD". */
                                reason: string;
                            } | null;
                            /** @enum {string} */
                            status: "processing" | "paid" | "failed" | "canceled" | "refund_pending" | "partially_refunded" | "refunded";
                            subscription_id?: string | null;
                            /** @description Decimal string with exactly 2 decimals, e.g. "99.00". */
                            tax_amount: string;
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/transactions/{id}/refund/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund a payment (full or partial)
         * @description Request a full or partial refund for a paid transaction. Requires refunds:write or payments:write. The amount is held from the wallet while the refund is processed; subscribe to refund.status_changed for the outcome.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Partial refund amount in the charge currency (TTC), e.g. "40.00". Omit for the full remaining refundable amount. */
                        amount?: string;
                        /** @description Reason shown to the customer and sent to the payment provider. */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Refund amount in the charge currency. */
                            amount: string;
                            amount_in_cents: number;
                            /** @description `amount` in USD at the rate stored on the refund. */
                            amount_usd: string;
                            currency: string;
                            /** @description Numeric refund id. */
                            refund_id: number;
                            /** @description Public refund id (RF…). */
                            refund_public_id: string;
                            /** @enum {string} */
                            status: "processing";
                            /** @description Numeric id of the refunded payment. */
                            transaction_id: number;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/stream/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream sandbox events (server-sent events)
         * @description What `kassa listen` connects to: a `ready` event, then every event of the organization's sandbox as it is recorded (`id` = event_id, `event` = type, `data` = the webhook payload). Sandbox API keys with payments:read or refunds:read only.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Every 4xx/5xx answer. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
                /** @description Every 4xx/5xx answer. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            errors?: {
                                [key: string]: string[];
                            };
                            request_id?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
