export { startHost, type HostOptions, type RunningHost } from './start-host';
export { PANEL_CSP, SECURITY_HEADERS } from './http-responses';
export { MAX_FRAME_BYTES } from './socket-hub';
export { NOT_BUILT_MESSAGE } from './static-files';
