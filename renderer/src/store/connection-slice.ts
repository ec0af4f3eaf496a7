import type { ConnectionState } from '../transport/connection';
import type { SliceCreator } from './app-state';

export interface ConnectionSlice {
  readonly connection: ConnectionState;
  readonly setConnection: (state: ConnectionState) => void;
}

export function createConnectionSlice(): SliceCreator<ConnectionSlice> {
  return (set) => ({
    connection: { status: 'connecting', detail: null },
    setConnection: (connection) => set({ connection }),
  });
}
