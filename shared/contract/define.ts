import type { z } from 'zod';

/**
 * A service is written once as a map of methods (request schema + response type) and events.
 * The handler type (main process) and the client type (renderer, terminal) are derived from it.
 */
export interface MethodSpec<Input extends z.ZodType = z.ZodType, Output = unknown> {
  readonly input: Input;
  /** Phantom: carries the response type; never set at run time. */
  readonly output?: Output;
}

export interface EventSpec<Payload = unknown> {
  readonly payload?: Payload;
}

export interface ServiceSpec {
  readonly methods: Readonly<Record<string, MethodSpec>>;
  readonly events: Readonly<Record<string, EventSpec>>;
}

/** Declares a method: `method<Response>()(requestSchema)`. */
export function method<Output>() {
  return <Input extends z.ZodType>(input: Input): MethodSpec<Input, Output> => ({ input });
}

export function event<Payload>(): EventSpec<Payload> {
  return {};
}

type MethodsOf<S extends ServiceSpec> = S['methods'];
type InputOf<M> = M extends MethodSpec<infer I, unknown> ? I : never;
export type OutputOf<M> = M extends MethodSpec<z.ZodType, infer O> ? O : never;
export type PayloadOf<E> = E extends EventSpec<infer P> ? P : never;

export type MethodName<S extends ServiceSpec> = keyof MethodsOf<S> & string;
export type EventName<S extends ServiceSpec> = keyof S['events'] & string;

/** What the main process implements: validated input in, plain value (or promise) out. */
export type ServiceHandlers<S extends ServiceSpec> = {
  readonly [K in MethodName<S>]: (
    input: z.output<InputOf<MethodsOf<S>[K]>>,
  ) => OutputOf<MethodsOf<S>[K]> | Promise<OutputOf<MethodsOf<S>[K]>>;
};

/** What callers use: every method returns a promise of its value and rejects with a RemoteError. */
export type ServiceClient<S extends ServiceSpec> = {
  readonly [K in MethodName<S>]: (input: z.input<InputOf<MethodsOf<S>[K]>>) => Promise<OutputOf<MethodsOf<S>[K]>>;
};

export type EventListener<S extends ServiceSpec, E extends EventName<S>> = (payload: PayloadOf<S['events'][E]>) => void;
