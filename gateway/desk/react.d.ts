/**
 * The part of React 18's API the desk uses, typed here: the project carries no @types/react
 * (decision 125). esbuild bundles the real React; tsc checks the desk against these.
 */
declare module 'react' {
  export interface ReactElement {
    readonly $$typeof: symbol;
  }
  export type Child = ReactElement | string | number | null | undefined | false | readonly Child[];
  export type Attributes = Record<string, unknown> & { key?: string | number };
  export type FunctionComponent<P> = (props: P) => ReactElement | null;
  export function createElement(type: string, props?: Attributes | null, ...children: Child[]): ReactElement;
  export function createElement<P extends object>(
    type: FunctionComponent<P>,
    props: P & { key?: string | number },
    ...children: Child[]
  ): ReactElement;
  export function useState<T>(initial: T | (() => T)): [T, (next: T | ((previous: T) => T)) => void];
  export function useEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void;
}

declare module 'react-dom/client' {
  import type { ReactElement } from 'react';
  export function createRoot(container: Element): { render(element: ReactElement): void };
}
